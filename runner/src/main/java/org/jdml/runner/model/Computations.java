package org.jdml.runner.model;

/**
 * How a run's network computes when it trains, and when it embeds (evaluation, {@code jdml embed},
 * {@code index} and {@code search}, and the samplers and losses that embed the training set).
 */
public record Computations(Computation training, Computation embedding) {

    /** float32 and contiguous throughout. */
    public static final Computations PLAIN = new Computations(Computation.PLAIN, Computation.PLAIN);

    public boolean isPlain() {
        return training.isPlain() && embedding.isPlain();
    }
}
