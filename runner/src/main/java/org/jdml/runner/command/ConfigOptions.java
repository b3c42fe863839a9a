package org.jdml.runner.command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdml.runner.config.RunConfigLoader;
import picocli.CommandLine.Option;

/** The options that shape a run's configuration, shared by every command that reads one. */
public final class ConfigOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Run file (HOCON) over the defaults.")
    Path runFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Overrides one setting, e.g. --set jdml.loss.name=softtriple (repeatable; wins over -c).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--plugins", paramLabel = "DIR", description = "Folder of plugin jars (default: ./plugins).")
    Path pluginsDir;

    /** Options as the command line would give them: what a process elsewhere (a Spark executor) rebuilds. */
    public static ConfigOptions of(Path runFile, List<String> sets, Path pluginsDir) {
        ConfigOptions options = new ConfigOptions();
        options.runFile = runFile;
        options.sets = new ArrayList<>(sets);
        options.pluginsDir = pluginsDir;
        return options;
    }

    /** {@code -c FILE}, or null. */
    public Path runFile() {
        return runFile;
    }

    /** Every {@code --set}, in order. */
    public List<String> sets() {
        return List.copyOf(sets);
    }

    /** {@code --plugins DIR}, or null. */
    public Path pluginsDir() {
        return pluginsDir;
    }

    /** The configuration layers these options describe. */
    public RunConfigLoader loader() {
        List<String> all = new ArrayList<>(sets);
        if (pluginsDir != null) {
            all.add(RunConfigLoader.PLUGINS_DIR + "=\"" + pluginsDir.toString().replace("\\", "\\\\") + "\"");
        }
        return RunConfigLoader.of(Optional.ofNullable(runFile), all);
    }
}
