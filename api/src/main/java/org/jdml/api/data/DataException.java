package org.jdml.api.data;

/** Data that cannot be read: the message names the file and, where there is one, the line or entry. */
public final class DataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
