package org.jdml.runner.assembly;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import org.jdml.runner.config.RunConfigLoader;
import org.jdml.runner.plugins.PluginClassLoader;

/**
 * What every command starts from: the plugins folder loaded, the registries built over it, and the
 * configuration resolved against every jar's defaults.
 */
public record Environment(PluginClassLoader classLoader, Registries registries, Config config) {

    public static Environment load(RunConfigLoader loader) {
        ClassLoader runner = Environment.class.getClassLoader();
        boolean named = loader.pluginsDir().isPresent();
        Path dir = loader.pluginsDir()
                .orElse(Path.of(org.jdml.api.config.References.of(runner).getString(RunConfigLoader.PLUGINS_DIR)));
        PluginClassLoader plugins = PluginClassLoader.of(dir, named, runner);
        Registries registries = new Registries(plugins);
        return new Environment(plugins, registries, loader.load(plugins));
    }
}
