package org.jdml.runner.train;

/** A NaN or infinite loss or gradient, with {@code jdml.train.on-non-finite = stop}. */
public final class NonFiniteException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long iteration;

    public NonFiniteException(long iteration, String message) {
        super(message);
        this.iteration = iteration;
    }

    /** The iteration (from 0) whose loss or gradient was not finite. */
    public long iteration() {
        return iteration;
    }
}
