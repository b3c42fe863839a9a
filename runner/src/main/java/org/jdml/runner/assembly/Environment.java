package org.jdml.runner.assembly;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import org.jdml.runner.config.RunConfigLoader;
import org.jdml.runner.plugins.PluginClassLoader;

/**
 * What every command starts from: the plugins folder loaded, the registries built over it, and the
 * configuration resolved against every jar's defaults.
 */
public record Environment(PluginClassLoader classLoader, Registries registries, Config config) {

    /** The plugins folder the user named (--plugins, jdml.plugins.dir), or the default one. */
    public static Environment load(RunConfigLoader loader) {
        ClassLoader runner = Environment.class.getClassLoader();
        boolean named = loader.pluginsDir().isPresent();
        Path dir = loader.pluginsDir()
                .orElse(Path.of(org.jdml.api.config.References.of(runner).getString(RunConfigLoader.PLUGINS_DIR)));
        return load(loader, dir, named);
    }

    /**
     * The plugins of {@code dir} ({@code required}: a missing folder is an error, else it means none).
     * The configuration records the folder as an absolute path, so that a run's {@code config.conf}
     * says which plugins it was trained with, wherever {@code --resume}, {@code eval} or {@code embed}
     * are started from.
     */
    public static Environment load(RunConfigLoader loader, Path dir, boolean required) {
        PluginClassLoader plugins = PluginClassLoader.of(dir, required, Environment.class.getClassLoader());
        Registries registries = new Registries(plugins);
        Config config = loader.load(plugins).withValue(RunConfigLoader.PLUGINS_DIR,
                ConfigValueFactory.fromAnyRef(dir.toAbsolutePath().normalize().toString(), "the plugins folder in use"));
        return new Environment(plugins, registries, config);
    }
}
