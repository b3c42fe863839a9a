package org.jdml.backbone;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jdml.api.config.ComponentSettings;

/** The {@code weights} setting the backbones with a reference layout share: a safetensors file, or "" for none. */
final class WeightsSetting {

    private WeightsSetting() {}

    /** The file, if one is named; a name that is no file is recorded as a problem of the setting. */
    static Optional<Path> read(ComponentSettings settings) {
        String weights = settings.getString("weights");
        if (weights.isBlank()) {
            return Optional.empty();
        }
        Path file = Path.of(weights);
        settings.check(Files.isRegularFile(file), "weights", "names no file: " + file.toAbsolutePath());
        return Optional.of(file);
    }
}
