package org.jdml.evaluation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdml.api.progress.Progress;

/**
 * The neighbour metrics cut into pieces that can be computed apart and put together exactly: what
 * an evaluation spread over many machines (query blocks against the gallery, or against parts of
 * it) computes per block and reduces. Put together, the pieces give {@link Evaluator}'s Recall@K,
 * MAP@R and R-precision bit for bit, provided every block of queries starts at a multiple of
 * {@code chunk-size} (so that each similarity is the same matrix product's).
 *
 * <ul>
 *   <li>{@link #ofBlock}: per-query scores of a block of queries against the whole gallery;
 *   <li>{@link #neighboursIn}: each query's first neighbours within one part of the gallery, as
 *       {@linkplain #key keys} whose order is the ranking order; {@link #merge} joins the lists of two
 *       parts, and {@link #score} scores a query from its merged list;
 *   <li>{@link #metrics}: the metrics from every query's scores, added up in query order.
 * </ul>
 */
public final class QueryScores {

    private final EvaluationSettings settings;
    private final NeighbourMetrics metrics;

    public QueryScores(EvaluationSettings settings) {
        this.settings = settings;
        this.metrics = new NeighbourMetrics(settings.recallAt(), settings.chunkSize());
    }

    public EvaluationSettings settings() {
        return settings;
    }

    /**
     * Whether neighbours are ranked by dot product: {@code jdml.eval.similarity}, and for {@code auto}
     * whether every row has unit norm. Decide once, over all items, and give the answer to every block.
     *
     * @param gallery null when the queries are the gallery
     */
    public boolean byDotProduct(NDArray queries, NDArray gallery) {
        return Evaluator.byDotProduct(settings.similarity(), queries, gallery);
    }

    /** R of each query: the gallery items of its class, the query itself left out in one-set mode. */
    public static int[] relevantCounts(int[] queryLabels, int[] galleryLabels, boolean sameSet) {
        return NeighbourMetrics.relevantCounts(queryLabels, galleryLabels, sameSet);
    }

    /**
     * Queries per block of similarities against a gallery of this size: {@code chunk-size}, fewer
     * when the gallery is so large that a block would pass 256 MB. Blocks of queries that start at
     * multiples of it are computed exactly as {@link Evaluator} computes them.
     */
    public static int queryBlock(int chunkSize, int galleryItems) {
        return NeighbourMetrics.queryBlock(chunkSize, galleryItems);
    }

    /** How many neighbours a query's list must hold: max(largest K, R), at most what the gallery has. */
    public int neighboursNeeded(int r, int galleryItems, boolean sameSet) {
        return Math.min(sameSet ? galleryItems - 1 : galleryItems, Math.max(settings.maxRecallK(), r));
    }

    /**
     * Per-query scores of a block of queries against the whole gallery: {@code out[j][i]} is 1 when
     * query i has a same-class item among its first {@code recall-at[j]} neighbours, {@code out[K][i]}
     * its average precision at R, {@code out[K + 1][i]} its R-precision (0 where R = 0).
     *
     * @param queryBlock float32 rows of the block
     * @param offset in one-set mode, the gallery row of the block's first query; 0 otherwise
     * @param r the block's R ({@link #relevantCounts} over all queries)
     */
    public float[][] ofBlock(NDArray queryBlock, int offset, int[] queryLabels, int[] r, NDArray gallery,
            int[] galleryLabels, boolean dotProduct, boolean sameSet) {
        try (NDManager work = queryBlock.getManager().newSubManager()) {
            NDArray q = float32(queryBlock, work);
            NDArray g = float32(gallery, work);
            return metrics.scores(q, offset, queryLabels, r, g, galleryLabels, dotProduct, sameSet,
                    onHost(q), Progress.SILENT);
        }
    }

    /**
     * Each query's first neighbours within one part of the gallery (columns {@code partOffset ...}),
     * as {@linkplain #key keys} in ranking order: {@code min(k[i], part size)} of them.
     *
     * @param offset in one-set mode, the gallery row of the block's first query (its own similarity
     *     is -inf, so it comes last); 0 otherwise
     * @param k per query, {@link #neighboursNeeded}
     */
    public long[][] neighboursIn(NDArray queryBlock, int offset, int[] k, NDArray galleryPart, int partOffset,
            boolean dotProduct, boolean sameSet) {
        int rows = (int) queryBlock.getShape().get(0);
        int m = (int) galleryPart.getShape().get(0);
        long[][] out = new long[rows][];
        try (NDManager work = queryBlock.getManager().newSubManager()) {
            NDArray g = float32(galleryPart, work);
            NDArray gT = g.transpose();
            NDArray gSquared = dotProduct ? null : g.square().sum(new int[] {1}).reshape(1, m);
            NDArray queries = float32(queryBlock, work);
            int block = queryBlock(settings.chunkSize(), m);
            for (int start = 0; start < rows; start += block) {
                int end = Math.min(rows, start + block);
                try (NDManager chunk = work.newSubManager()) {
                    NDArray q = queries.get(chunk, new ai.djl.ndarray.index.NDIndex("{}:{}", start, end));
                    NDArray s = q.matMul(gT);
                    if (!dotProduct) {
                        s = s.mul(2).sub(gSquared);
                    }
                    float[] values = s.toFloatArray();
                    if (sameSet) {
                        for (int i = start; i < end; i++) {
                            int self = offset + i - partOffset;
                            if (self >= 0 && self < m) {
                                values[(i - start) * m + self] = Float.NEGATIVE_INFINITY;
                            }
                        }
                    }
                    int[] kChunk = java.util.Arrays.copyOfRange(k, start, end);
                    long[][] lists = HostRanking.firstKeys(FloatBuffer.wrap(values), end - start, m, kChunk, partOffset);
                    System.arraycopy(lists, 0, out, start, end - start);
                }
            }
        }
        return out;
    }

    /**
     * The merge key of a neighbour: its similarity's descending image above its gallery index, so that
     * ascending unsigned order is similarity descending, then index ascending (the ranking order).
     */
    public static long key(float similarity, int galleryIndex) {
        return key(HostRanking.descendingKey(similarity), galleryIndex);
    }

    static long key(int descendingKey, int galleryIndex) {
        return (Integer.toUnsignedLong(descendingKey) << 32) | Integer.toUnsignedLong(galleryIndex);
    }

    /** The gallery index a key stands for. */
    public static int index(long key) {
        return (int) key;
    }

    /** The first {@code k} of two ranked lists of keys, in ranking order (an exact merge). */
    public static long[] merge(long[] a, long[] b, int k) {
        long[] out = new long[Math.min(k, a.length + b.length)];
        int i = 0;
        int j = 0;
        for (int p = 0; p < out.length; p++) {
            if (j >= b.length || (i < a.length && Long.compareUnsigned(a[i], b[j]) <= 0)) {
                out[p] = a[i++];
            } else {
                out[p] = b[j++];
            }
        }
        return out;
    }

    /**
     * One query's scores from its ranked neighbours ({@code neighboursNeeded} of them, merged over
     * the whole gallery): the column {@code i} of {@link #ofBlock}'s result for that query.
     */
    public float[] score(long[] neighbours, int label, int r, int[] galleryLabels) {
        int[] recallAt = settings.recallAt();
        float[][] out = new float[recallAt.length + 2][1];
        if (r > 0) {
            int[] ranked = new int[neighbours.length];
            for (int p = 0; p < ranked.length; p++) {
                ranked[p] = index(neighbours[p]);
            }
            HostRanking.scoreRow(ranked, ranked.length, galleryLabels, label, r, recallAt, out, 0);
        }
        float[] column = new float[out.length];
        for (int j = 0; j < out.length; j++) {
            column[j] = out[j][0];
        }
        return column;
    }

    /**
     * Recall@K, MAP@R and R-precision from every query's scores (rows as {@link #ofBlock} gives them,
     * all queries in order), added up in query order as {@link Evaluator} does. Queries with R = 0
     * are left out; {@code skipped} in the result says how many.
     */
    public Neighbours metrics(float[][] perQuery, int[] r) {
        NeighbourMetrics.Sums sums = metrics.sum(perQuery, r);
        Map<String, Double> values = new LinkedHashMap<>();
        for (int i = 0; i < settings.recallAt().length; i++) {
            values.put(EvaluationResult.recallKey(settings.recallAt()[i]), sums.recall(i));
        }
        values.put(EvaluationResult.MAP_AT_R, sums.averagePrecision() / sums.queries());
        values.put(EvaluationResult.R_PRECISION, sums.rPrecision() / sums.queries());
        return new Neighbours(values, sums.skipped());
    }

    /** The neighbour metrics, and the queries left out of them (R = 0). */
    public record Neighbours(Map<String, Double> values, int skipped) {}

    /**
     * NMI of a k-means clustering (k = the classes among the items, the settings' iterations,
     * restarts and seed) of these embeddings: over all of them, {@link Evaluator}'s value.
     */
    public double nmi(NDArray embeddings, int[] labels) {
        try (NDManager work = embeddings.getManager().newSubManager()) {
            NDArray x = float32(embeddings, work);
            int[] clusters = new KMeans(settings.kmeansIterations(), settings.kmeansRestarts(), settings.kmeansSeed())
                    .cluster(x, Nmi.distinct(labels));
            return Nmi.of(clusters, labels);
        }
    }

    private boolean onHost(NDArray q) {
        return switch (settings.ranking()) {
            case HOST -> true;
            case ENGINE -> false;
            case AUTO -> !q.getDevice().isGpu();
        };
    }

    /** {@code a} itself when it is float32 (it is only read), else a float32 copy owned by {@code manager}. */
    private static NDArray float32(NDArray a, NDManager manager) {
        if (a.getDataType() == DataType.FLOAT32) {
            return a;
        }
        NDArray copy = a.toType(DataType.FLOAT32, false);
        copy.attach(manager);
        return copy;
    }
}
