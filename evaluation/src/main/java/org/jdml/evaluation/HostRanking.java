package org.jdml.evaluation;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * Ranks blocks of similarities that live in CPU memory and scores each query, without sorting whole
 * rows: per row, histograms of an order-preserving integer image of the similarities (top 12 bits,
 * then the next 12 inside the bucket that holds the k-th neighbour) find a cut just past the k-th
 * neighbour, only items before the cut are kept, and those are put in order by a stable radix sort
 * (3 passes of 11 bits). Items are collected in
 * index order and every pass is stable, so equal similarities end up by ascending index, exactly as
 * {@link NeighbourMetrics} defines the order. Rows are processed in parallel (the common fork-join
 * pool); each writes only its own result slots, so results do not depend on the threads.
 *
 * <p>This is the CPU path: on a CPU engine a sorting {@code topK} of 7,000 of 35,000 per row costs
 * several times more than this (see BENCHMARKS.md, "Evaluation").
 */
final class HostRanking {

    private static final int SELECT_BITS = 12;
    private static final int SELECT_SIZE = 1 << SELECT_BITS;
    private static final int RADIX_BITS = 11;
    private static final int RADIX = 1 << RADIX_BITS;

    /** Per-thread work arrays, grown on demand. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        float[] row = new float[0];
        int[] keys = new int[0];
        int[] candidates = new int[0];
        int[] candidateKeys = new int[0];
        int[] swapIndex = new int[0];
        int[] swapKeys = new int[0];
        final int[] selectHistogram = new int[SELECT_SIZE];
        final int[] radixCount = new int[RADIX];

        void ensure(int m) {
            if (keys.length < m) {
                row = new float[m];
                keys = new int[m];
                candidates = new int[m];
                candidateKeys = new int[m];
                swapIndex = new int[m];
                swapKeys = new int[m];
            }
        }
    }

    private HostRanking() {
    }

    /**
     * Scores the rows of a block: {@code out[j][i]} is 1 when row i has a same-class item among its
     * first {@code recallAt[j]} neighbours, {@code out[K][i]} its average precision at R and
     * {@code out[K + 1][i]} its R-precision (0 where R = 0).
     *
     * @param similarities row-major block, {@code rows x m}; excluded items hold -inf
     * @param available neighbours a query can have (m, or m - 1 without itself)
     */
    static float[][] score(FloatBuffer similarities, int rows, int m, int available, int[] queryLabels,
            int[] r, int[] galleryLabels, int[] recallAt) {
        float[][] out = new float[recallAt.length + 2][rows];
        int maxK = recallAt[recallAt.length - 1];
        IntStream.range(0, rows).parallel().forEach(i -> {
            if (r[i] == 0) {
                return;
            }
            int k = Math.min(available, Math.max(maxK, r[i]));
            Scratch s = SCRATCH.get();
            s.ensure(m);
            firstK(similarities, i * m, m, k, s);
            scoreRow(s.candidates, k, galleryLabels, queryLabels[i], r[i], recallAt, out, i);
        });
        return out;
    }

    /**
     * The first {@code min(k[i], m)} neighbours of each row of a block as merge keys ({@link
     * QueryScores#key}): in order, similarity descending, then index ascending.
     *
     * @param columnOffset the gallery index of the block's first column
     */
    static long[][] firstKeys(FloatBuffer similarities, int rows, int m, int[] k, int columnOffset) {
        long[][] out = new long[rows][];
        IntStream.range(0, rows).parallel().forEach(i -> {
            int take = Math.min(k[i], m);
            long[] keys = new long[take];
            if (take > 0) {
                Scratch s = SCRATCH.get();
                s.ensure(m);
                firstK(similarities, i * m, m, take, s);
                for (int p = 0; p < take; p++) {
                    keys[p] = QueryScores.key(s.candidateKeys[p], columnOffset + s.candidates[p]);
                }
            }
            out[i] = keys;
        });
        return out;
    }

    /**
     * Leaves the first {@code k} neighbours of a row, in order, at the start of {@code s.candidates}.
     * Two histogram levels (the top 12 bits of the keys, then the next 12 bits inside the bucket that
     * holds the k-th) find a cut that keeps few more than k candidates; those are radix-sorted.
     */
    private static void firstK(FloatBuffer similarities, int offset, int m, int k, Scratch s) {
        float[] row = s.row;
        similarities.get(offset, row, 0, m);
        int[] keys = s.keys;
        int[] histogram = s.selectHistogram;
        java.util.Arrays.fill(histogram, 0);
        for (int j = 0; j < m; j++) {
            int key = descendingKey(row[j]);
            keys[j] = key;
            histogram[key >>> (32 - SELECT_BITS)]++;
        }
        int bucket = 0;
        int before = 0;
        while (before + histogram[bucket] < k) {
            before += histogram[bucket++];
        }
        // second level: inside the boundary bucket, by the next SELECT_BITS bits
        java.util.Arrays.fill(histogram, 0);
        for (int j = 0; j < m; j++) {
            if (keys[j] >>> (32 - SELECT_BITS) == bucket) {
                histogram[(keys[j] >>> (32 - 2 * SELECT_BITS)) & (SELECT_SIZE - 1)]++;
            }
        }
        int sub = 0;
        while (before + histogram[sub] < k) {
            before += histogram[sub++];
        }
        int cut = (bucket << SELECT_BITS | sub) + 1;   // keep keys whose top 24 bits are below this
        int n = 0;
        for (int j = 0; j < m; j++) {
            if (keys[j] >>> (32 - 2 * SELECT_BITS) < cut) {
                s.candidates[n] = j;
                s.candidateKeys[n] = keys[j];
                n++;
            }
        }
        radixSort(s, n);
    }

    /**
     * An int whose unsigned order is the descending order of the float: the sign-magnitude bits made
     * monotone, then complemented. -0 counts as +0; -inf (an excluded item) comes last.
     */
    static int descendingKey(float value) {
        int bits = Float.floatToRawIntBits(value == 0f ? 0f : value);
        int ascending = bits ^ ((bits >> 31) & 0x7fffffff);   // signed order = float order
        return ascending ^ 0x7fffffff;                        // = ~ascending ^ sign bit: unsigned, descending
    }

    /** Stable LSD radix sort of the first n candidates by their keys (unsigned), 3 passes. */
    private static void radixSort(Scratch s, int n) {
        int[] index = s.candidates;
        int[] keys = s.candidateKeys;
        int[] otherIndex = s.swapIndex;
        int[] otherKeys = s.swapKeys;
        int[] count = s.radixCount;
        for (int shift = 0; shift < 32; shift += RADIX_BITS) {
            java.util.Arrays.fill(count, 0);
            for (int i = 0; i < n; i++) {
                count[(keys[i] >>> shift) & (RADIX - 1)]++;
            }
            int sum = 0;
            for (int b = 0; b < RADIX; b++) {
                int c = count[b];
                count[b] = sum;
                sum += c;
            }
            for (int i = 0; i < n; i++) {
                int slot = count[(keys[i] >>> shift) & (RADIX - 1)]++;
                otherIndex[slot] = index[i];
                otherKeys[slot] = keys[i];
            }
            int[] t = index;
            index = otherIndex;
            otherIndex = t;
            t = keys;
            keys = otherKeys;
            otherKeys = t;
        }
        // 3 passes (an odd number): the sorted data ended in the swap arrays; make them the candidates
        s.candidates = index;
        s.candidateKeys = keys;
        s.swapIndex = otherIndex;
        s.swapKeys = otherKeys;
    }

    static void scoreRow(int[] ranked, int k, int[] galleryLabels, int label, int r, int[] recallAt,
            float[][] out, int row) {
        int correct = 0;
        int firstHit = Integer.MAX_VALUE;
        double precisionSum = 0;
        int correctWithinR = 0;
        for (int p = 1; p <= k; p++) {
            if (galleryLabels[ranked[p - 1]] == label) {
                correct++;
                firstHit = Math.min(firstHit, p);
                if (p <= r) {
                    precisionSum += (double) correct / p;
                    correctWithinR = correct;
                }
            }
        }
        for (int j = 0; j < recallAt.length; j++) {
            out[j][row] = firstHit <= recallAt[j] ? 1f : 0f;
        }
        out[recallAt.length][row] = (float) (precisionSum / r);
        out[recallAt.length + 1][row] = (float) correctWithinR / r;
    }
}
