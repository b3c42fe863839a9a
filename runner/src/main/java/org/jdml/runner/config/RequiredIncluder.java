package org.jdml.runner.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigObject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes every {@code include} of a run file required and relative to the run file's folder: Typesafe
 * Config skips a missing included file without a word, so a misspelt {@code include "base.conf"}
 * would silently drop its settings. A missing file is an error naming the path looked for.
 */
final class RequiredIncluder implements ConfigIncluder, ConfigIncluderFile {

    private final Path folder;

    RequiredIncluder(Path folder) {
        this.folder = folder;
    }

    @Override
    public ConfigIncluder withFallback(ConfigIncluder fallback) {
        return this;
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
        Path file = folder.resolve(what);
        if (!Files.isRegularFile(file) && !what.contains(".") && Files.isRegularFile(folder.resolve(what + ".conf"))) {
            file = folder.resolve(what + ".conf");
        }
        return includeFile(context, file.toFile());
    }

    @Override
    public ConfigObject includeFile(ConfigIncludeContext context, File what) {
        if (!what.isFile()) {
            throw new ConfigException.IO(com.typesafe.config.ConfigOriginFactory.newFile(what.getPath()), "include \"" + what.getName() + "\": there is no file "
                    + what.toPath().toAbsolutePath().normalize());
        }
        return ConfigFactory.parseFile(what, context.parseOptions().setAllowMissing(false)
                .setIncluder(new RequiredIncluder(what.toPath().toAbsolutePath().getParent()))).root();
    }
}
