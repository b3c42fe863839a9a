package org.jdml.runner.io;

import java.util.ArrayList;
import java.util.List;
import org.jdml.api.data.DataException;

/** A cause chain in the words a user reads (each cause through {@link DataException#reason}), no class names. */
public final class PlainErrors {

    private PlainErrors() {}

    /** The messages of the cause chain, each once: "cannot write X: /x/y.tmp: No space left on device". */
    public static String chain(Throwable e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = DataException.reason(t);
            if (parts.stream().noneMatch(p -> p.contains(message))) {
                parts.add(message);
            }
        }
        return String.join(": ", parts);
    }
}
