package org.jdml.runner.cli;

import org.jdml.runner.assembly.Environment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Path;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.runner.config.RunConfigLoader;
import org.jdml.runner.train.RunFolder;

/** What the commands that work on an existing run folder share. */
public final class RunCommands {

    private RunCommands() {}

    /**
     * Finds a run folder by name (inside {@code jdml.run.dir}) or path and loads its configuration:
     * the reference defaults, then the run's {@code config.conf}, then {@code extra}, then the user's
     * {@code -c} file and {@code --set} overrides.
     *
     * @param extra settings the command itself implies (e.g. the dataset of {@code jdml embed})
     */
    public static Located locate(String run, ConfigOptions options, Config extra) {
        RunConfigLoader user = options.loader();
        Environment first = Environment.load(user);
        RunFolder folder = RunFolder.existing(run, Path.of(first.config().getString("jdml.run.dir")));
        Config runConfig;
        try {
            runConfig = ConfigFactory.parseFile(folder.config().toFile(),
                    ConfigParseOptions.defaults().setAllowMissing(false));
            Config config = user.overrides().withFallback(extra).withFallback(runConfig)
                    .withFallback(org.jdml.api.config.References.of(first.classLoader())).resolve();
            return new Located(folder, new Environment(first.classLoader(), first.registries(), config));
        } catch (ConfigException e) {
            throw new JdmlConfigurationException("The configuration of " + folder.dir() + " cannot be read: "
                    + e.getMessage());
        }
    }

    /** A run folder and the environment its configuration gives. */
    public record Located(RunFolder folder, Environment environment) {}
}
