package org.jdml.runner.command;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdml.api.ComponentKind;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.api.config.References;
import org.jdml.api.data.DataException;
import org.jdml.runner.assembly.Environment;
import org.jdml.runner.config.RunConfigLoader;
import org.jdml.runner.train.RunFolder;

/** What the commands that work on an existing run folder share. */
public final class RunCommands {

    private RunCommands() {}

    /**
     * Finds a run folder by name (inside {@code jdml.run.dir}) or path and loads its configuration:
     * the reference defaults, then the run's {@code config.conf}, then {@code extra}, then the user's
     * {@code -c} file and {@code --set} overrides. The plugins are those the run was trained with (the
     * folder its {@code config.conf} records) unless the user names another folder; a component the run
     * used that neither the classpath nor that folder provides is an error naming its jar.
     *
     * @param extra settings the command itself implies (e.g. the dataset of {@code jdml embed})
     */
    public static Located locate(String run, ConfigOptions options, Config extra) {
        RunConfigLoader user = options.loader();
        Config runner = References.of(RunCommands.class.getClassLoader());
        Config userSettings;
        try {
            userSettings = user.overrides().withFallback(runner).resolve();
        } catch (ConfigException e) {
            throw new JdmlConfigurationException(e.getMessage());
        }
        RunFolder folder = RunFolder.existing(run, Path.of(userSettings.getString("jdml.run.dir")));
        Config runConfig;
        try {
            runConfig = ConfigFactory.parseFile(folder.config().toFile(),
                    ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new JdmlConfigurationException("The configuration of " + folder.dir() + " cannot be read: "
                    + e.getMessage());
        }
        boolean named = user.pluginsDir().isPresent();
        Path plugins = user.pluginsDir().orElseGet(() -> Path.of(runConfig.hasPath(RunConfigLoader.PLUGINS_DIR)
                ? runConfig.getString(RunConfigLoader.PLUGINS_DIR) : runner.getString(RunConfigLoader.PLUGINS_DIR)));
        Environment first = Environment.load(user, plugins, named);
        requireComponents(folder, first, plugins);
        try {
            Config config = user.overrides().withFallback(extra).withFallback(runConfig)
                    .withFallback(References.of(first.classLoader())).resolve()
                    .withValue(RunConfigLoader.PLUGINS_DIR, first.config().getValue(RunConfigLoader.PLUGINS_DIR));
            return new Located(folder, new Environment(first.classLoader(), first.registries(), config));
        } catch (ConfigException e) {
            throw new JdmlConfigurationException("The configuration of " + folder.dir() + " cannot be read: "
                    + e.getMessage());
        }
    }

    /** Every component the run's {@code components.json} lists must be there again, by kind and name. */
    private static void requireComponents(RunFolder folder, Environment environment, Path plugins) {
        Path file = folder.dir().resolve(RunFolder.COMPONENTS_JSON);
        if (!Files.isRegularFile(file)) {
            return; // a run that failed before it recorded them
        }
        JsonArray used;
        try {
            used = JsonParser.parseString(Files.readString(file)).getAsJsonArray();
        } catch (IOException | RuntimeException e) {
            throw new JdmlConfigurationException("Cannot read " + file + ": " + DataException.reason(e));
        }
        List<String> missing = new ArrayList<>();
        for (var element : used) {
            JsonObject entry = element.getAsJsonObject();
            String kindName = entry.get("kind").getAsString();
            String name = entry.get("name").getAsString();
            ComponentKind.ALL.stream().filter(k -> k.singular().equals(kindName)).findFirst().ifPresent(kind -> {
                if (environment.registries().of(kind).find(name).isEmpty()) {
                    missing.add("the " + kindName + " '" + name + "' (from " + entry.get("jar").getAsString() + ")");
                }
            });
        }
        if (!missing.isEmpty()) {
            throw new JdmlConfigurationException("The run " + folder.dir() + " was trained with " + String.join(", ", missing)
                    + ", which neither the classpath nor the plugins folder " + plugins.toAbsolutePath().normalize()
                    + " provides now. Put the jar back into that folder, or name the folder that holds it with --plugins DIR.");
        }
    }

    /** A run folder and the environment its configuration gives. */
    public record Located(RunFolder folder, Environment environment) {}
}
