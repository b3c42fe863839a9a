package org.jdml.retrieval;

import java.util.stream.IntStream;

/**
 * Blocks of query-item similarities, larger meaning nearer: the dot product for normalised vectors,
 * {@code 2 q·g - |g|²} (the negative squared distance plus a constant per query) otherwise. The
 * order is the one the evaluation ranks by; {@link #onHost} computes it in Java, and a caller with
 * a faster engine may supply its own.
 */
@FunctionalInterface
public interface Similarities {

    /**
     * Fills {@code out[(i - from) * items + j]} with the similarity of query i and item j, for
     * queries {@code from..to-1}.
     */
    void block(int from, int to, float[] out);

    /** In Java, rows in parallel on the common pool. */
    static Similarities onHost(float[] queries, float[] items, int dim, Metric metric) {
        int m = items.length / dim;
        float[] halfSquaredNorms = new float[m];
        if (metric == Metric.EUCLIDEAN) {
            for (int j = 0; j < m; j++) {
                halfSquaredNorms[j] = dot(items, j * dim, items, j * dim, dim);
            }
        }
        boolean euclidean = metric == Metric.EUCLIDEAN;
        return (from, to, out) -> IntStream.range(from, to).parallel().forEach(i -> {
            int row = (i - from) * m;
            int q = i * dim;
            for (int j = 0; j < m; j++) {
                float s = dot(queries, q, items, j * dim, dim);
                out[row + j] = euclidean ? 2 * s - halfSquaredNorms[j] : s;
            }
        });
    }

    /** A dot product with four partial sums (independent chains run in parallel on the CPU). */
    static float dot(float[] a, int aOffset, float[] b, int bOffset, int dim) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int d = 0;
        for (; d + 3 < dim; d += 4) {
            s0 += a[aOffset + d] * b[bOffset + d];
            s1 += a[aOffset + d + 1] * b[bOffset + d + 1];
            s2 += a[aOffset + d + 2] * b[bOffset + d + 2];
            s3 += a[aOffset + d + 3] * b[bOffset + d + 3];
        }
        for (; d < dim; d++) {
            s0 += a[aOffset + d] * b[bOffset + d];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
