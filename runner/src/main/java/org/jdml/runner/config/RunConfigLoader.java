package org.jdml.runner.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdml.api.config.JdmlConfigurationException;

/**
 * Builds a run's configuration from its layers, weakest first: the {@code reference.conf} of every
 * jar (the runner's classpath and the plugins folder), the run file ({@code -c run.conf}), each
 * {@code --set key=value}, and {@code -Djdml...} system properties.
 */
public final class RunConfigLoader {

    /** Where the plugins folder is configured (the {@code --plugins} option sets it too). */
    public static final String PLUGINS_DIR = "jdml.plugins.dir";

    private final Config overrides;

    private RunConfigLoader(Config overrides) {
        this.overrides = overrides;
    }

    /**
     * @param runFile the run file, if any; it must exist
     * @param sets {@code key=value} pairs in HOCON syntax, later ones winning
     */
    public static RunConfigLoader of(Optional<Path> runFile, List<String> sets) {
        List<String> problems = new ArrayList<>();
        Config layered = ConfigFactory.empty();
        for (int i = 0; i < sets.size(); i++) {
            String set = sets.get(i);
            if (!set.contains("=")) {
                problems.add("--set '" + set + "' is not of the form key=value");
                continue;
            }
            try {
                Config one = ConfigFactory.parseString(set,
                        ConfigParseOptions.defaults().setOriginDescription("--set " + set.substring(0, set.indexOf('='))));
                layered = one.withFallback(layered);
            } catch (ConfigException e) {
                problems.add("--set '" + set + "' cannot be parsed: " + e.getMessage());
            }
        }
        if (runFile.isPresent()) {
            Path file = runFile.get();
            if (!Files.isRegularFile(file)) {
                problems.add("The run file " + file.toAbsolutePath() + " does not exist (given with -c)");
            } else {
                try {
                    layered = layered.withFallback(ConfigFactory.parseFile(file.toFile(),
                            ConfigParseOptions.defaults().setAllowMissing(false).setIncluder(new RequiredIncluder(file.toAbsolutePath().getParent()))));
                } catch (ConfigException e) {
                    problems.add("The run file " + file + " cannot be parsed: " + e.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new JdmlConfigurationException(problems);
        }
        Config system = ConfigFactory.systemProperties();
        Config jdmlProperties = system.hasPath("jdml") ? system.withOnlyPath("jdml") : ConfigFactory.empty();
        return new RunConfigLoader(jdmlProperties.withFallback(layered));
    }

    /** The plugins folder the user layers name, if any (before the plugins are loaded). */
    public Optional<Path> pluginsDir() {
        return overrides.hasPath(PLUGINS_DIR) ? Optional.of(Path.of(overrides.getString(PLUGINS_DIR))) : Optional.empty();
    }

    /** The user's layers alone, unresolved (what a run file plus --set said). */
    public Config overrides() {
        return overrides;
    }

    /** Every layer over the {@code reference.conf} files {@code classLoader} sees, resolved. */
    public Config load(ClassLoader classLoader) {
        Config reference;
        try {
            reference = org.jdml.api.config.References.of(classLoader);
        } catch (ConfigException e) {
            throw new JdmlConfigurationException(e.getMessage());
        }
        List<String> unknown = unknownSections(reference);
        if (!unknown.isEmpty()) {
            throw new JdmlConfigurationException(unknown);
        }
        try {
            return overrides.withFallback(reference).resolve(ConfigResolveOptions.defaults());
        } catch (ConfigException e) {
            throw new JdmlConfigurationException(e.getMessage());
        }
    }

    /**
     * User keys below {@code jdml} whose first part no jar defines ({@code jdml.trian.epochs}): no
     * component would ever read them. Keys inside a known section are checked by the component that
     * owns it, with the list of its settings.
     */
    private List<String> unknownSections(Config reference) {
        if (!overrides.hasPath("jdml") || !reference.hasPath("jdml")) {
            return List.of();
        }
        java.util.Set<String> known = reference.getObject("jdml").keySet();
        List<String> problems = new ArrayList<>();
        for (var entry : overrides.getObject("jdml").entrySet()) {
            if (known.contains(entry.getKey())) {
                continue;
            }
            String where = org.jdml.api.config.Origins.prefix(entry.getValue().origin());
            String guess = org.jdml.api.Registry.closest(entry.getKey(), known).map(k -> " Did you mean 'jdml." + k + "'?")
                    .orElse("");
            problems.add(where + "Unknown setting 'jdml." + entry.getKey() + "': no component reads it (jdml has "
                    + new java.util.TreeSet<>(known) + ")." + guess);
        }
        return problems;
    }
}
