package org.jdml.api.config;

import com.typesafe.config.ConfigOrigin;
import org.jdml.api.Experimental;

/** Where a setting came from, in the words messages use: "run.conf: 14", "--set jdml.loss.name". */
@Experimental("a helper for messages; may move to a support module")
public final class Origins {

    private Origins() {}

    /** "run.conf: 14", or the origin's own description; "" when unknown. */
    public static String describe(ConfigOrigin origin) {
        if (origin == null) {
            return "";
        }
        String file = origin.filename() != null ? origin.filename()
                : origin.resource() != null ? origin.resource()
                : origin.description();
        int line = origin.lineNumber();
        return line > 0 && !file.endsWith(": " + line) ? file + ": " + line : file;
    }

    /** {@link #describe} followed by ": ", to put in front of a message; "" when unknown. */
    public static String prefix(ConfigOrigin origin) {
        String where = describe(origin);
        return where.isEmpty() ? "" : where + ": ";
    }
}
