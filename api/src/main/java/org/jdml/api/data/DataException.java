package org.jdml.api.data;

import org.jdml.api.Stable;
/** Data that cannot be read: the message names the file and, where there is one, the line or entry. */
@Stable
public final class DataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "{@code what}: {@code reason}", the reason in plain words ({@link #reason}), with the cause kept. */
    public static DataException because(String what, Throwable cause) {
        return new DataException(what + ": " + reason(cause), cause);
    }

    /**
     * Why {@code t} happened in a user's words, without exception class names: "no such file or
     * folder: /x", "permission denied: /x", "/x: Not a directory", "the file ends too early", or the
     * message.
     */
    public static String reason(Throwable t) {
        if (t instanceof java.nio.file.AccessDeniedException denied) {
            return "permission denied: " + denied.getFile();
        }
        if (t instanceof java.nio.file.NoSuchFileException missing) {
            return "no such file or folder: " + missing.getFile();
        }
        if (t instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getFile() + ": " + fs.getReason();
        }
        if (t instanceof java.io.EOFException && t.getMessage() == null) {
            return "the file ends too early";
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
