package org.jdml.sampler.smart;

import org.jdml.api.ComponentContext;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.data.BatchSampler;
import org.jdml.api.data.SamplerFactory;

/**
 * {@value #NAME}: batches mined from nearest neighbours in the embeddings of the whole training set,
 * refreshed as training goes (after Harwood et al. 2017; see {@link SmartMiningSampler}).
 *
 * <pre>
 * jdml.sampler.smart-mining {
 *   refresh = 0, embed-chunk = 1000, index = auto, exact-below = 50000, exact-chunk = 256
 *   hnsw { m = 16, ef-construction = 100, ef = 64 }
 *   neighbours { initial = 20, min = 4, max = 48 }
 *   mined-share { initial = 0.5, min = 0, max = 1 }
 *   anchors-per-batch = 0, positives-per-anchor = 3, negatives-per-anchor = 8, positive-candidates = 1000
 * }
 * </pre>
 */
public final class SmartMiningSamplerFactory implements SamplerFactory {

    public static final String NAME = "smart-mining";

    public SmartMiningSamplerFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "anchors with their hardest positives and nearest other-class neighbours, mined from the "
                + "embeddings of the whole training set (Harwood et al. 2017)";
    }

    @Override
    public BatchSampler create(ComponentSettings s, ComponentContext context) {
        int batchSize = context.batchSize();
        int[] labels = context.trainingData().labels();
        String dataProblem = SmartMiningSampler.dataProblem(labels);
        if (dataProblem != null || batchSize < 3) {
            s.problem(dataProblem != null ? dataProblem
                    : "a batch of " + batchSize + " items cannot hold an anchor, a positive and a negative");
            s.throwIfInvalid();
        }

        int refresh = s.getInt("refresh");
        if (!s.check(refresh >= 0, "refresh", "must be >= 0 (0 = once per epoch)")) {
            refresh = 0;
        }
        int refreshEvery = refresh > 0 ? refresh : (labels.length + batchSize - 1) / batchSize;
        int embedChunk = positive(s, "embed-chunk", 1);
        IndexKind index = s.getEnum(IndexKind.class, "index");
        int exactBelow = s.getInt("exact-below");
        if (!s.check(exactBelow >= 0, "exact-below", "must be >= 0")) {
            exactBelow = 0;
        }
        int exactChunk = positive(s, "exact-chunk", 1);
        int hnswM = s.getInt("hnsw.m");
        if (!s.check(hnswM >= 2, "hnsw.m", "must be >= 2")) {
            hnswM = 2;
        }
        int efConstruction = positive(s, "hnsw.ef-construction", 1);
        int ef = positive(s, "hnsw.ef", 1);

        SmartMiningSettings.Range neighbours = range(s, "neighbours", 1, Double.MAX_VALUE, true);
        SmartMiningSettings.Range minedShare = range(s, "mined-share", 0, 1, false);

        int positives = positive(s, "positives-per-anchor", 1);
        int negatives = positive(s, "negatives-per-anchor", 1);
        int candidates = positive(s, "positive-candidates", 1);
        int anchors = s.getInt("anchors-per-batch");
        int group = 1 + positives + negatives;
        if (!s.check(anchors >= 0, "anchors-per-batch", "must be >= 0 (0 = batch size / group size)")) {
            anchors = 0;
        }
        if (anchors == 0) {
            if (!s.check(group <= batchSize, "positives-per-anchor", "with negatives-per-anchor "
                    + negatives + " makes groups of " + group + " items (anchor, positives, negatives), more than"
                    + " the batch size " + batchSize)) {
                positives = 1;
                negatives = 1;
                group = 3;
            }
            anchors = batchSize / group;
        } else if (!s.check((long) anchors * group <= batchSize, "anchors-per-batch", anchors + " groups of "
                + group + " items (1 anchor + " + positives + " positives + " + negatives
                + " negatives) exceed the batch size " + batchSize)) {
            positives = 1;
            negatives = 1;
            anchors = Math.max(1, batchSize / 3);
        }

        SmartMiningSettings settings = new SmartMiningSettings(batchSize, anchors, positives, negatives, candidates,
                refreshEvery, embedChunk, index, exactBelow, exactChunk, hnswM, efConstruction, ef, neighbours,
                minedShare);
        return new SmartMiningSampler(labels, settings, context.embedder(), context.manager(), context.random());
    }

    private static int positive(ComponentSettings s, String key, int safe) {
        int value = s.getInt(key);
        return s.check(value > 0, key, "must be > 0") ? value : safe;
    }

    /**
     * Reads {@code <key>.initial}, {@code .min} and {@code .max}, which must satisfy
     * {@code lowest <= min <= initial <= max <= highest}; integers when {@code integral}.
     */
    private static SmartMiningSettings.Range range(ComponentSettings s, String key, double lowest, double highest,
            boolean integral) {
        double initial = integral ? s.getInt(key + ".initial") : s.getDouble(key + ".initial");
        double min = integral ? s.getInt(key + ".min") : s.getDouble(key + ".min");
        double max = integral ? s.getInt(key + ".max") : s.getDouble(key + ".max");
        String bounds = highest == Double.MAX_VALUE ? "must be >= " + (int) lowest
                : "must be in [" + (int) lowest + ", " + (int) highest + "]";
        boolean valid = s.check(min >= lowest && min <= highest, key + ".min", bounds);
        valid &= s.check(max >= lowest && max <= highest, key + ".max", bounds);
        valid = valid && s.check(min <= max, key + ".max", "must be >= " + key + ".min " + fmt(min, integral));
        valid = valid && s.check(initial >= min && initial <= max, key + ".initial",
                "must lie in [" + fmt(min, integral) + ", " + fmt(max, integral) + "] (" + key + ".min, .max)");
        if (!valid) {
            double safe = Math.max(lowest, Math.min(highest, lowest + 1));
            return new SmartMiningSettings.Range(safe, lowest, safe);
        }
        return new SmartMiningSettings.Range(initial, min, max);
    }

    private static String fmt(double value, boolean integral) {
        return integral ? Integer.toString((int) value) : Double.toString(value);
    }
}
