package org.jdml.runner.guice;

import ai.djl.ndarray.NDManager;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.typesafe.config.Config;
import java.util.List;
import java.util.Optional;
import org.jdml.runner.assembly.RunComponents;
import org.jdml.report.ReportWriter;
import org.jdml.runner.train.ConsoleListener;
import org.jdml.runner.train.RunFolder;
import org.jdml.runner.train.TrainSettings;
import org.jdml.runner.train.TrainingListener;
import org.jdml.runner.train.TrainingRun;

/**
 * The training run in its folder, with its listeners (progress bar and log lines) and the report
 * writer. Tests replace the listeners or the reporter with {@code Modules.override}.
 */
public final class TrainingModule extends AbstractModule {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TrainingModule.class);

    private final Optional<RunFolder> existing;

    /**
     * @param existing the folder of a run to continue from its newest checkpoint; empty for a new run,
     *     whose folder is created once the configuration is known to be valid
     */
    public TrainingModule(Optional<RunFolder> existing) {
        this.existing = existing;
    }

    @Provides
    @Singleton
    RunFolder folder(Config config, TrainSettings validated) {
        return existing.orElseGet(() -> RunFolder.create(config));
    }

    @Provides
    List<TrainingListener> listeners(TrainSettings settings) {
        return List.of(new ConsoleListener(settings.loop().progress()));
    }

    /** The report, with the retrieval section made from the last evaluation. */
    @Provides
    TrainingRun.Reporter reporter(RunComponents components, Config config, NDManager manager) {
        return new TrainingRun.Reporter() {
            @Override
            public void write(java.nio.file.Path runDir) {
                ReportWriter.write(runDir);
            }

            @Override
            public void write(java.nio.file.Path runDir, org.jdml.runner.train.RunEvaluation.Outcome last) {
                try {
                    org.jdml.runner.retrieval.RetrievalSection.write(runDir, components.dataset(), last, config, manager);
                } catch (RuntimeException e) {
                    LOG.warn("The report's retrieval section could not be written: {}", e.toString());
                }
                write(runDir);
            }
        };
    }

    @Provides
    TrainingRun trainingRun(RunComponents components, TrainSettings settings, RunFolder runFolder,
            NDManager manager, Config config, List<TrainingListener> listeners, TrainingRun.Reporter reporter) {
        return new TrainingRun(components, settings, runFolder, manager, config, listeners, reporter,
                existing.isPresent());
    }
}
