package org.jdml.spark;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import org.jdml.runner.command.ConfigOptions;
import org.jdml.runner.command.RunCommands;
import org.jdml.runner.engine.EngineSetup;
import org.jdml.runner.train.TrainedModel;

/**
 * What an executor needs to restore a run's model exactly as the driver did: the run folder (an
 * absolute path, which every executor must see: a shared file system on a cluster), the user's
 * {@code -c} file and {@code --set} overrides, the plugins folder, and the dataset the command names.
 *
 * @param runFile null when none was given
 * @param pluginsDir null when none was given
 * @param dataset null to keep the run's own
 */
record RunLocation(String run, String runFile, List<String> sets, String pluginsDir, String dataset)
        implements Serializable {

    static RunLocation of(RunCommands.Located located, ConfigOptions options, String dataset) {
        return new RunLocation(located.folder().dir().toAbsolutePath().normalize().toString(),
                options.runFile() == null ? null : options.runFile().toAbsolutePath().toString(),
                List.copyOf(options.sets()),
                options.pluginsDir() == null ? null : options.pluginsDir().toAbsolutePath().toString(), dataset);
    }

    /** The run folder and its configuration, as {@code jdml eval} would load them. */
    RunCommands.Located locate() {
        Config extra = dataset == null ? ConfigFactory.empty()
                : ConfigFactory.empty().withValue("jdml.dataset.name", ConfigValueFactory.fromAnyRef(dataset, "--dataset"));
        ConfigOptions options = ConfigOptions.of(runFile == null ? null : Path.of(runFile), sets,
                pluginsDir == null ? null : Path.of(pluginsDir));
        return RunCommands.locate(run, options, extra);
    }

    /** The run's newest checkpoint, restored on this JVM's engine (its GPU when it has one). */
    TrainedModel load() {
        RunCommands.Located located = locate();
        EngineSetup.start(located.environment().config());
        return TrainedModel.load(located.environment().config(), located.environment().registries(), located.folder());
    }
}
