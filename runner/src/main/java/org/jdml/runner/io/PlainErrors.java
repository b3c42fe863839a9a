package org.jdml.runner.io;

import java.util.ArrayList;
import java.util.List;
import org.jdml.api.data.DataException;

/** Exceptions in the words a user reads: the file and the operating system's reason, no class names. */
public final class PlainErrors {

    private PlainErrors() {}

    /** One throwable: "permission denied: /runs", "/runs/x: Not a directory", or its message. */
    public static String of(Throwable t) {
        return DataException.reason(t);
    }

    /** The messages of the cause chain, each once: "cannot write X: /x/y.tmp: No space left on device". */
    public static String chain(Throwable e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = of(t);
            if (parts.stream().noneMatch(p -> p.contains(message))) {
                parts.add(message);
            }
        }
        return String.join(": ", parts);
    }
}
