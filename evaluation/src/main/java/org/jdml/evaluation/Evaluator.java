package org.jdml.evaluation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdml.api.progress.Progress;
import org.jdml.api.progress.ProgressDisplay;
import org.jdml.evaluation.EvaluationSettings.Similarity;

/**
 * Retrieval and clustering metrics of embeddings (METHODS §1 and §6), computed on the engine's
 * device of the embeddings:
 *
 * <ul>
 *   <li>{@code recall@K} for each K of {@code jdml.eval.recall-at}: the fraction of queries with at
 *       least one same-class item among their K nearest neighbours ("hit rate at K");
 *   <li>{@code map@r}: mean over queries of {@code (1/R) Σ_{i≤R} P@i · 1[i-th neighbour is
 *       same-class]}, R being the number of same-class gallery items (the query itself excluded);
 *   <li>{@code r-precision}: mean over queries of the fraction of same-class items among the first R;
 *   <li>{@code nmi}: normalised mutual information, arithmetic normalisation
 *       {@code I(Ω; C) / ((H(Ω) + H(C)) / 2)}, between the classes and a k-means clustering with k =
 *       the number of classes of the evaluated items (k-means++ start, seeded).
 * </ul>
 *
 * <p>Neighbours are ranked by dot product for L2-normalised embeddings and by Euclidean distance
 * otherwise ({@code jdml.eval.similarity}); equal similarities are ordered by ascending gallery
 * index, so results are deterministic and do not depend on {@code chunk-size}. <b>Queries whose class
 * has no other member in the gallery (R = 0) are left out of Recall@K, MAP@R and R-precision</b>
 * (they take part in NMI); when no query is left, those metrics are NaN.
 *
 * <p>Memory: the similarity matrix is never held whole; each block of {@code chunk-size} queries
 * lives in its own {@link NDManager} (a few {@code chunk x gallery} float arrays), and only
 * per-query numbers come back to Java. The caller's arrays are left untouched.
 */
public final class Evaluator {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Evaluator.class);

    /** Unit norm within this tolerance counts as L2-normalised for {@code similarity = auto}. */
    private static final float UNIT_NORM_TOLERANCE = 1e-3f;

    private final EvaluationSettings settings;
    private final ProgressDisplay display;

    /** An evaluator with the {@code jdml.eval} settings given (defaults fill in what they lack), showing no progress. */
    public Evaluator(Config evalSettings) {
        this(EvaluationSettings.of(evalSettings), ProgressDisplay.SILENT);
    }

    /** @param display where the ranking shows its progress when {@code settings.progress()} is on */
    public Evaluator(EvaluationSettings settings, ProgressDisplay display) {
        this.settings = settings;
        this.display = display;
    }

    public EvaluationSettings settings() {
        return settings;
    }

    /**
     * All against all: every item queries all the others (itself excluded); NMI clusters all items.
     *
     * @param embeddings N x D
     * @param labels class of each row
     */
    public EvaluationResult evaluate(NDArray embeddings, int[] labels) {
        return run(embeddings, labels, embeddings, labels, true);
    }

    /**
     * Query against gallery (the In-Shop protocol): each query ranks every gallery item, with no
     * exclusion across the two sets; R is the number of gallery items of the query's class. NMI
     * clusters the queries.
     */
    public EvaluationResult evaluate(NDArray queries, int[] queryLabels, NDArray gallery, int[] galleryLabels) {
        return run(queries, queryLabels, gallery, galleryLabels, false);
    }

    private EvaluationResult run(NDArray queries, int[] queryLabels, NDArray gallery, int[] galleryLabels,
            boolean sameSet) {
        long start = System.nanoTime();
        Map<String, Double> metrics = new LinkedHashMap<>();
        try (NDManager work = queries.getManager().newSubManager()) {
            // private float32 copies: results of ops on them land in `work`, never in the caller's manager
            NDArray q = workingCopy(queries, work);
            NDArray g = sameSet ? q : workingCopy(gallery, work);
            warnIfDegenerate(q, "query");
            boolean cosine = byDotProduct(settings.similarity(), q, sameSet ? null : g);
            NeighbourMetrics.Sums sums;
            boolean shown = settings.progress() && queryLabels.length > settings.chunkSize();
            try (Progress progress = (shown ? display : ProgressDisplay.SILENT).start("evaluation", "queries",
                    queryLabels.length, 0)) {
                boolean host = switch (settings.ranking()) {
                    case HOST -> true;
                    case ENGINE -> false;
                    case AUTO -> !q.getDevice().isGpu();
                };
                sums = new NeighbourMetrics(settings.recallAt(), settings.chunkSize())
                        .compute(q, queryLabels, g, galleryLabels, cosine, sameSet, host, progress);
            }
            if (sums.skipped() > 0) {
                LOG.warn("{} of {} queries have no other item of their class among the {} searched (R = 0, a class"
                        + " with a single item): they are left out of Recall@K, MAP@R and R-precision, and counted"
                        + " in NMI", sums.skipped(), queryLabels.length, sameSet ? "items" : "gallery items");
            }
            int classes = Nmi.distinct(queryLabels);
            int[] clusters = new KMeans(settings.kmeansIterations(), settings.kmeansRestarts(),
                    settings.kmeansSeed()).cluster(q, classes);
            for (int i = 0; i < settings.recallAt().length; i++) {
                metrics.put(EvaluationResult.recallKey(settings.recallAt()[i]), sums.recall(i));
            }
            metrics.put(EvaluationResult.NMI, Nmi.of(clusters, queryLabels));
            metrics.put(EvaluationResult.MAP_AT_R, sums.averagePrecision() / sums.queries());
            metrics.put(EvaluationResult.R_PRECISION, sums.rPrecision() / sums.queries());
        }
        return new EvaluationResult(metrics, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Collapsed embeddings (every row the same) or non-finite ones still get defined metrics (ties are
     * broken by index, k-means puts everything in one cluster), but they mean nothing: say so.
     */
    private static void warnIfDegenerate(NDArray x, String what) {
        long n = x.getShape().get(0);
        if (n == 0) {
            return;
        }
        long nonFinite = x.isNaN().logicalOr(x.isInfinite()).toType(DataType.FLOAT32, false).sum(new int[] {1})
                .gt(0f).countNonzero().getLong();
        if (nonFinite > 0) {
            LOG.warn("{} of {} {} embeddings hold NaN or infinite values: the metrics below rank them arbitrarily",
                    nonFinite, n, what);
            return;
        }
        NDArray spread = x.max(new int[] {0}).sub(x.min(new int[] {0})).max();
        if (spread.getFloat() == 0f) {
            LOG.warn("All {} {} embeddings are the same vector (collapsed): neighbours tie and are taken in index"
                    + " order, k-means finds one cluster; the metrics below say nothing about the model", n, what);
        }
    }

    /** A float32 copy of {@code a} owned by {@code manager}. */
    private static NDArray workingCopy(NDArray a, NDManager manager) {
        NDArray copy = a.getDataType() == DataType.FLOAT32 ? a.duplicate() : a.toType(DataType.FLOAT32, false);
        copy.attach(manager);
        return copy;
    }

    /** Whether {@code similarity} ranks by dot product here; {@code gallery} is null in one-set mode. */
    static boolean byDotProduct(Similarity similarity, NDArray queries, NDArray gallery) {
        return switch (similarity) {
            case COSINE -> true;
            case EUCLIDEAN -> false;
            case AUTO -> unitNorm(queries) && (gallery == null || unitNorm(gallery));
        };
    }

    /** Whether every row has norm 1 (within {@link #UNIT_NORM_TOLERANCE}). */
    private static boolean unitNorm(NDArray embeddings) {
        return embeddings.norm(new int[] {1}).sub(1f).abs().lte(UNIT_NORM_TOLERANCE).all().getBoolean();
    }
}
