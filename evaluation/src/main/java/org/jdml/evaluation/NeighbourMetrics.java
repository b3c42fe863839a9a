package org.jdml.evaluation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.jdml.api.progress.Progress;

/**
 * The k-nearest-neighbour metrics (Recall@K, MAP@R, R-precision), computed block by block of queries
 * so that memory stays at a few {@code chunk x gallery} arrays whatever the number of queries.
 *
 * <p>Per block: similarities {@code q·Gᵀ} on the engine (self masked to -inf when queries and
 * gallery are one set). Then either on the engine: {@code topK} with {@code k = max(max K, max R)} (plus one, to see ties at
 * the cut), sorted exactly (see {@link #rank}), labels gathered, correctness, cumulative sums and per-query reductions; only per-query
 * scalars come back to Java. Neighbours are ordered by similarity, ties by ascending gallery index,
 * so results do not depend on the block size or the engine's sort. A query whose class has no other
 * member in the gallery (R = 0) is left out of every metric here.
 */
final class NeighbourMetrics {

    /** Sums over the counted queries; divide by {@link #queries}. */
    record Sums(int[] recallAt, double[] hits, double averagePrecision, double rPrecision, int queries,
            int skipped) {

        double recall(int i) {
            return hits[i] / queries;
        }
    }

    /**
     * The tie-breaking perturbation of {@link #rank} is at most 2^-26 |v| (a quarter of the smallest
     * relative float32 spacing, 2^-24), so its scale is 2^-(26 + bits of the largest index).
     */
    private static final int TIE_SHIFT_BASE = 26;
    /** Galleries up to 2^24 items keep neighbouring indices apart in float64 (shift at most 50). */
    static final int MAX_GALLERY = 1 << 24;

    /**
     * A block of similarities holds at most this many floats (256 MB): with a large gallery, fewer
     * queries than {@code chunk-size} go into one block, so that memory stays flat.
     */
    static final long BLOCK_ELEMENTS = 1L << 26;

    private final int[] recallAt;
    private final int chunkSize;

    NeighbourMetrics(int[] recallAt, int chunkSize) {
        this.recallAt = recallAt.clone();
        this.chunkSize = chunkSize;
    }

    /**
     * @param queries float32, owned by a manager this call may add to (results of ops on it land there)
     * @param cosine rank by dot product; otherwise by the negative squared Euclidean distance
     * @param sameSet queries are the gallery (one set, each item excluded from its own neighbours)
     * @param host rank on the host ({@link HostRanking}; blocks on another device are copied to CPU
     *     memory first) rather than with the engine's topK and sort
     */
    Sums compute(NDArray queries, int[] queryLabels, NDArray gallery, int[] galleryLabels, boolean cosine,
            boolean sameSet, boolean host, Progress progress) {
        int[] r = relevantCounts(queryLabels, galleryLabels, sameSet);
        return sum(scores(queries, 0, queryLabels, r, gallery, galleryLabels, cosine, sameSet, host, progress), r);
    }

    /** Adds up per-query scores in query order, leaving out the queries with R = 0. */
    Sums sum(float[][] perQuery, int[] r) {
        double[] hits = new double[recallAt.length];
        double ap = 0;
        double rp = 0;
        int counted = 0;
        for (int i = 0; i < r.length; i++) {
            if (r[i] == 0) {
                continue;
            }
            counted++;
            for (int j = 0; j < recallAt.length; j++) {
                hits[j] += perQuery[j][i];
            }
            ap += perQuery[recallAt.length][i];
            rp += perQuery[recallAt.length + 1][i];
        }
        return new Sums(recallAt.clone(), hits, ap, rp, counted, r.length - counted);
    }

    /**
     * The scores of each query of a block: {@code out[j][i]} is 1 when query i has a same-class item
     * among its first {@code recallAt[j]} neighbours, {@code out[K][i]} its average precision at R,
     * {@code out[K + 1][i]} its R-precision; all 0 where R = 0.
     *
     * @param queries float32, owned by a manager this call may add to (results of ops on it land there)
     * @param queryOffset in one-set mode, the gallery row of the block's first query (its own
     *     similarity is masked); 0 otherwise
     * @param r the R of each query of the block ({@link #relevantCounts} over all queries)
     * @param cosine rank by dot product; otherwise by the negative squared Euclidean distance
     * @param sameSet queries are rows of the gallery (one set, each item excluded from its own neighbours)
     * @param host rank on the host ({@link HostRanking}; blocks on another device are copied to CPU
     *     memory first) rather than with the engine's topK and sort
     */
    float[][] scores(NDArray queries, int queryOffset, int[] queryLabels, int[] r, NDArray gallery,
            int[] galleryLabels, boolean cosine, boolean sameSet, boolean host, Progress progress) {
        int n = queryLabels.length;
        int m = galleryLabels.length;
        checkShapes(queries, n, gallery, m);
        if (m > MAX_GALLERY) {
            throw new IllegalArgumentException("Galleries of more than " + MAX_GALLERY + " items are not supported");
        }
        int available = sameSet ? m - 1 : m;
        float[][] out = new float[recallAt.length + 2][n];
        int rowsPerBlock = queryBlock(chunkSize, m);
        try (NDManager work = queries.getManager().newSubManager()) {
            NDArray g = gallery;
            NDArray gT = g.transpose();
            gT.attach(work);
            NDArray gSquared = cosine ? null : g.square().sum(new int[] {1}).reshape(1, m);
            if (gSquared != null) {
                gSquared.attach(work);
            }
            NDArray gLabels = work.create(galleryLabels);
            for (int start = 0; start < n; start += rowsPerBlock) {
                int end = Math.min(n, start + rowsPerBlock);
                int rows = end - start;
                int maxR = 0;
                for (int i = start; i < end; i++) {
                    maxR = Math.max(maxR, r[i]);
                }
                int kUse = Math.min(available, Math.max(recallAt[recallAt.length - 1], maxR));
                int kTake = Math.min(available, kUse + 1);
                if (kUse <= 0) {
                    progress.step(rows);
                    continue;
                }
                try (NDManager chunk = work.newSubManager()) {
                    NDArray q = queries.get(chunk, new NDIndex("{}:{}", start, end));
                    NDArray s = q.matMul(gT);
                    if (!cosine) {
                        s = s.mul(2).sub(gSquared);
                    }
                    if (sameSet) {
                        NDArray selfMask = chunk.eye(rows).neg().add(1).log();   // -inf on the diagonal, 0 elsewhere
                        s.set(new NDIndex(":, {}:{}", queryOffset + start, queryOffset + end),
                                block -> block.add(selfMask));
                    }
                    int[] chunkLabels = Arrays.copyOfRange(queryLabels, start, end);
                    int[] chunkR = Arrays.copyOfRange(r, start, end);
                    float[][] perQuery;
                    if (host) {
                        FloatBuffer block = s.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
                        perQuery = HostRanking.score(block, rows, m, available, chunkLabels, chunkR, galleryLabels,
                                recallAt);
                    } else {
                        NDArray index = rank(s, kUse, kTake, m, chunk);
                        perQuery = reduce(chunk, index, gLabels, chunkLabels, chunkR, kUse);
                    }
                    for (int j = 0; j < out.length; j++) {
                        for (int i = 0; i < rows; i++) {
                            out[j][start + i] = r[start + i] == 0 ? 0f : perQuery[j][i];
                        }
                    }
                }
                progress.step(rows);
            }
        }
        return out;
    }

    /** Queries per block of similarities: {@code chunkSize}, fewer when the gallery is large ({@link #BLOCK_ELEMENTS}). */
    static int queryBlock(int chunkSize, int galleryItems) {
        return (int) Math.max(1, Math.min(chunkSize, BLOCK_ELEMENTS / Math.max(1, galleryItems)));
    }

    private static void checkShapes(NDArray queries, int n, NDArray gallery, int m) {
        Shape qs = queries.getShape();
        Shape gs = gallery.getShape();
        if (qs.dimension() != 2 || gs.dimension() != 2 || qs.get(1) != gs.get(1)) {
            throw new IllegalArgumentException("Embeddings must be 2-D with the same width, were " + qs + " and " + gs);
        }
        if (qs.get(0) != n || gs.get(0) != m) {
            throw new IllegalArgumentException("Embeddings " + qs + " and " + gs + " do not match " + n + " and "
                    + m + " labels");
        }
    }

    /** R per query: gallery items of the query's class, the query itself excluded in one-set mode. */
    static int[] relevantCounts(int[] queryLabels, int[] galleryLabels, boolean sameSet) {
        Map<Integer, Integer> classSize = new HashMap<>();
        for (int label : galleryLabels) {
            classSize.merge(label, 1, Integer::sum);
        }
        int[] r = new int[queryLabels.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = classSize.getOrDefault(queryLabels[i], 0) - (sameSet ? 1 : 0);
        }
        return r;
    }

    /**
     * The gallery indices of the first {@code kUse} neighbours of every row of {@code s}, ordered by
     * similarity descending, then index ascending.
     *
     * <p>{@code topK} (unsorted) selects {@code kTake = kUse + 1} candidates; they are then sorted on
     * a float64 key {@code v - |v|·j·2^-shift} that breaks ties of the float32 similarity v by the
     * index j without reordering distinct values (the perturbation stays below a quarter of v's
     * float32 spacing, and neighbouring indices stay more than 2^9 float64 units apart). Rows the key
     * cannot settle (similarities exactly 0 or infinite that tie, or a tie across the cut, where topK
     * may have kept the wrong member of a tied run) are ranked again in Java over the whole row; they
     * are rare with real embeddings.
     */
    private static NDArray rank(NDArray s, int kUse, int kTake, int m, NDManager chunk) {
        NDList top = s.topK(kTake, 1, true, false);
        NDArray values = top.get(0);
        NDArray index = top.get(1);
        int shift = TIE_SHIFT_BASE + (32 - Integer.numberOfLeadingZeros(Math.max(1, m - 1)));
        NDArray v = values.toType(DataType.FLOAT64, false);
        NDArray key = v.sub(v.abs().mul(index.toType(DataType.FLOAT64, false)).mul(Math.scalb(1.0, -shift)));
        NDArray order = key.argSort(1, false);
        NDArray sortedKey = key.gather(order, 1);
        index = index.gather(order, 1);
        NDArray unsettled = sortedKey.get(":, 1:").eq(sortedKey.get(":, :-1")).countNonzero(1).gt(0);   // equal keys left
        if (kTake > kUse) {
            NDArray sortedValues = values.gather(order, 1);
            unsettled = unsettled.logicalOr(sortedValues.get(":, {}", kUse - 1).eq(sortedValues.get(":, {}", kUse)));
        }
        index = index.get(":, 0:{}", kUse);
        if (unsettled.any().getBoolean()) {
            boolean[] redo = unsettled.toBooleanArray();
            for (int i = 0; i < redo.length; i++) {
                if (redo[i]) {
                    index.set(new NDIndex("{}", i), chunk.create(rankRow(s.get(i).toFloatArray(), kUse)));
                }
            }
        }
        return index;
    }

    /** The first {@code k} columns of a row by similarity descending, then index ascending. */
    static long[] rankRow(float[] row, int k) {
        long[] keys = new long[row.length];
        for (int j = 0; j < row.length; j++) {
            int bits = Float.floatToIntBits(row[j] == 0f ? 0f : row[j]);   // -0 ties with +0
            int sortable = bits ^ ((bits >> 31) & 0x7fffffff);              // signed order = float order
            keys[j] = ((long) ~sortable << 32) | j;                         // descending value, ascending index
        }
        Arrays.sort(keys);
        long[] out = new long[k];
        for (int j = 0; j < k; j++) {
            out[j] = keys[j] & 0xffffffffL;
        }
        return out;
    }

    /**
     * Per query of the block: one row per K (1 when a same-class item is among the first K), then the
     * average precision at R and the R-precision. Zero where R = 0.
     */
    private float[][] reduce(NDManager chunk, NDArray index, NDArray gLabels, int[] queryLabels, int[] r, int k) {
        int rows = queryLabels.length;
        NDArray neighbourLabels = gLabels.take(chunk, index);
        NDArray correct = neighbourLabels.eq(chunk.create(queryLabels).reshape(rows, 1)).toType(DataType.FLOAT32,
                false);
        NDArray cumulative = correct.cumSum(1);
        float[][] out = new float[recallAt.length + 2][];
        for (int j = 0; j < recallAt.length; j++) {
            int column = Math.min(recallAt[j], k) - 1;
            out[j] = cumulative.get(":, {}", column).gt(0f).toType(DataType.FLOAT32, false).toFloatArray();
        }
        NDArray position = chunk.arange(1f, k + 1f).reshape(1, k);
        float[] rValues = new float[rows];
        for (int i = 0; i < rows; i++) {
            rValues[i] = Math.max(r[i], 1);
        }
        NDArray rq = chunk.create(rValues).reshape(rows, 1);
        NDArray withinR = position.lte(rq).toType(DataType.FLOAT32, false);
        NDArray correctWithinR = correct.mul(withinR);
        NDArray averagePrecision = cumulative.div(position).mul(correctWithinR).sum(new int[] {1}).div(rq.squeeze(1));
        NDArray rPrecision = correctWithinR.sum(new int[] {1}).div(rq.squeeze(1));
        out[recallAt.length] = averagePrecision.toFloatArray();
        out[recallAt.length + 1] = rPrecision.toFloatArray();
        return out;
    }
}
