package org.jdml.runner.train;

/** The run stopped before its end for a reason the user must act on (a non-finite loss, say). */
public final class TrainingStoppedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TrainingStoppedException(String message, Throwable cause) {
        super(message, cause);
    }
}
