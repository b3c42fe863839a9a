package org.jdml.runner.checkpoint;

/** A checkpoint that cannot be read or does not fit the run it should continue. */
public final class CheckpointException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
