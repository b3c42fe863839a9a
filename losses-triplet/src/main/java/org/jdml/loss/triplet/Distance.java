package org.jdml.loss.triplet;

import ai.djl.ndarray.NDArray;

/**
 * How far apart two embeddings are, as the {@code distance} setting of the losses and miners names it
 * ({@code euclidean}, {@code squared-euclidean}, {@code cosine}).
 *
 * <p>Every distance of a batch comes from one (B, B) matrix built with a single matrix product, so
 * losses and miners never loop over pairs. The Euclidean root is taken of the squared distance
 * clamped at {@value #SQRT_FLOOR}: the diagonal (and any duplicate embeddings) would otherwise give
 * {@code sqrt'(0) = inf}, and {@code 0 * inf} is a NaN gradient even where a mask zeroes the value.
 */
public enum Distance {

    /** ‖x − y‖₂. */
    EUCLIDEAN,
    /** ‖x − y‖₂², as in FaceNet and the global loss paper. */
    SQUARED_EUCLIDEAN,
    /** 1 − cos(x, y), in [0, 2]; the embeddings' lengths do not matter. */
    COSINE;

    /** Smallest squared distance the square root sees (see the class comment). */
    public static final double SQRT_FLOOR = 1e-12;

    /** Guards the division of L2 normalisation against all-zero rows. */
    private static final double NORM_FLOOR = 1e-12;

    /**
     * The (B, B) distances between the rows of {@code embeddings}, differentiable, in their data type
     * and on their manager.
     */
    public NDArray matrix(NDArray embeddings) {
        return switch (this) {
            case EUCLIDEAN -> squaredEuclidean(embeddings).clip(SQRT_FLOOR, Double.POSITIVE_INFINITY).sqrt();
            case SQUARED_EUCLIDEAN -> squaredEuclidean(embeddings);
            case COSINE -> {
                NDArray unit = normalize(embeddings);
                yield unit.matMul(unit.transpose()).neg().add(1.0);
            }
        };
    }

    /** Rows scaled to unit L2 length (an all-zero row stays zero). */
    public static NDArray normalize(NDArray embeddings) {
        return embeddings.normalize(2, 1, NORM_FLOOR);
    }

    /**
     * ‖x‖² + ‖y‖² − 2 x·y, clamped at 0: rounding can make it slightly negative for (nearly) equal
     * rows. The constants go in as {@code clip} bounds, never as {@code op(Number)}: see {@link
     * Scalars} for why.
     */
    private static NDArray squaredEuclidean(NDArray e) {
        NDArray norms = e.square().sum(new int[] {1});
        NDArray gram = e.matMul(e.transpose());
        return norms.reshape(-1, 1).add(norms.reshape(1, -1)).sub(gram).sub(gram)
                .clip(0.0, Double.POSITIVE_INFINITY);
    }
}
