package org.jdml.dataset;

import java.nio.file.Path;
import org.jdml.api.config.ComponentSettings;

/** Reading the folder (or file) setting that every on-disk dataset needs. */
final class Locations {

    private Locations() {}

    /**
     * The path in {@code key}; when it is unset ("") the component cannot be built, so every problem
     * recorded so far is thrown. Read the other settings first, so they are all reported at once.
     */
    static Path required(ComponentSettings settings, String key, String what) {
        String value = settings.getString(key);
        if (value.isBlank()) {
            settings.problem(key, "is not set: it must name " + what + " (docs/datasets.md says where to get the"
                    + " data and how to lay it out)");
            settings.throwIfInvalid();
        }
        return Path.of(value);
    }

    /** The number of first classes that train, checked to be positive. */
    static int trainClasses(ComponentSettings settings, String key) {
        int value = settings.getInt(key);
        return settings.check(value > 0, key, "must be > 0") ? value : 1;
    }
}
