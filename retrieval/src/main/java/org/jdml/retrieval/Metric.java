package org.jdml.retrieval;

import org.apache.lucene.index.VectorSimilarityFunction;

/**
 * How an index ranks: by dot product for L2-normalised embeddings (the same order as cosine and as
 * Euclidean distance on the unit sphere), by Euclidean distance otherwise. Results always report the
 * Euclidean distance, so that numbers from either kind of index read the same.
 */
public enum Metric {
    DOT_PRODUCT(VectorSimilarityFunction.DOT_PRODUCT),
    EUCLIDEAN(VectorSimilarityFunction.EUCLIDEAN);

    /** Unit norm within this tolerance counts as normalised. */
    public static final float UNIT_NORM_TOLERANCE = 1e-3f;

    private final VectorSimilarityFunction lucene;

    Metric(VectorSimilarityFunction lucene) {
        this.lucene = lucene;
    }

    /** The metric for embeddings that are (or are not) L2-normalised. */
    public static Metric forEmbeddings(boolean normalised) {
        return normalised ? DOT_PRODUCT : EUCLIDEAN;
    }

    VectorSimilarityFunction lucene() {
        return lucene;
    }

    /** The squared Euclidean distance of {@code a} and row {@code row} of {@code rows}. */
    static float squaredDistance(float[] a, float[] rows, int row) {
        int offset = row * a.length;
        float s0 = 0;
        float s1 = 0;
        int d = 0;
        for (; d + 1 < a.length; d += 2) {
            float x = a[d] - rows[offset + d];
            float y = a[d + 1] - rows[offset + d + 1];
            s0 += x * x;
            s1 += y * y;
        }
        if (d < a.length) {
            float x = a[d] - rows[offset + d];
            s0 += x * x;
        }
        return s0 + s1;
    }

    /** Whether every row of {@code vectors} ({@code dim} wide) has unit norm. */
    public static boolean unitNorm(float[] vectors, int dim) {
        for (int start = 0; start < vectors.length; start += dim) {
            double sum = 0;
            for (int d = 0; d < dim; d++) {
                sum += (double) vectors[start + d] * vectors[start + d];
            }
            if (Math.abs(Math.sqrt(sum) - 1) > UNIT_NORM_TOLERANCE) {
                return false;
            }
        }
        return true;
    }
}
