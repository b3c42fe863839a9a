package org.jdml.retrieval;

import java.util.Arrays;

/**
 * Brute-force k nearest neighbours: every item scored against every query, the k best kept (by
 * similarity, ties by ascending position). The reference the approximate index is measured against.
 */
public final class ExactSearch {

    /** Queries scored per block: the block's similarities are {@code BLOCK x items} floats. */
    private static final int BLOCK = 64;

    private ExactSearch() {}

    /**
     * @return for each query, the positions of its k nearest items, nearest first
     */
    public static int[][] nearest(float[] queries, float[] items, int dim, int k, Metric metric) {
        return nearest(Similarities.onHost(queries, items, dim, metric), queries.length / dim, items.length / dim, k);
    }

    /** The same over precomputed similarity blocks. */
    public static int[][] nearest(Similarities similarities, int queries, int items, int k) {
        int keep = Math.min(k, items);
        int[][] out = new int[queries][];
        float[] block = new float[Math.min(BLOCK, Math.max(1, queries)) * items];
        for (int from = 0; from < queries; from += BLOCK) {
            int to = Math.min(queries, from + BLOCK);
            similarities.block(from, to, block);
            for (int i = from; i < to; i++) {
                out[i] = best(block, (i - from) * items, items, keep);
            }
        }
        return out;
    }

    /** The k best of a row (similarity descending, index ascending), by insertion into a short sorted list. */
    static int[] best(float[] row, int offset, int m, int k) {
        int[] index = new int[k];
        float[] value = new float[k];
        int n = 0;
        for (int j = 0; j < m; j++) {
            float v = row[offset + j];
            if (n == k && !(v > value[k - 1])) {
                continue;   // ties with the worst kept lose: they come later
            }
            int p = n == k ? k - 1 : n++;
            while (p > 0 && v > value[p - 1]) {
                value[p] = value[p - 1];
                index[p] = index[p - 1];
                p--;
            }
            value[p] = v;
            index[p] = j;
        }
        return n == k ? index : Arrays.copyOf(index, n);
    }

    /** The share of {@code truth}'s first k found in {@code found}'s first k, averaged over queries. */
    public static double recall(int[][] found, int[][] truth, int k) {
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            int want = Math.min(k, truth[i].length);
            int hit = 0;
            for (int a = 0; a < Math.min(k, found[i].length); a++) {
                for (int b = 0; b < want; b++) {
                    if (found[i][a] == truth[i][b]) {
                        hit++;
                        break;
                    }
                }
            }
            sum += want == 0 ? 1 : (double) hit / want;
        }
        return sum / truth.length;
    }
}
