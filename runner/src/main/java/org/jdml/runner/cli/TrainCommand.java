package org.jdml.runner.cli;

import ai.djl.ndarray.NDManager;
import com.google.inject.Injector;
import com.typesafe.config.ConfigFactory;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.runner.assembly.Environment;
import org.jdml.runner.checkpoint.CheckpointException;
import org.jdml.runner.command.ConfigOptions;
import org.jdml.runner.command.ExitCodes;
import org.jdml.runner.command.RunCommands;
import org.jdml.runner.engine.EngineSetup;
import org.jdml.runner.guice.ComponentModule;
import org.jdml.runner.guice.ConfigModule;
import org.jdml.runner.guice.Injectors;
import org.jdml.runner.guice.TrainingModule;
import org.jdml.runner.retrieval.RetrievalSection;
import org.jdml.runner.train.RunFolder;
import org.jdml.runner.train.TrainingRun;
import org.jdml.runner.train.TrainingStoppedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jdml train [-c run.conf] [--set k=v]... [--resume RUN]}. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains a model from a configuration and evaluates it after every epoch.")
public final class TrainCommand implements Callable<Integer> {

    /** Exit code when a non-finite loss or gradient stopped the run. */
    public static final int TRAINING_STOPPED = ExitCodes.TRAINING_STOPPED;

    @Mixin
    ConfigOptions options;

    @Option(names = "--resume", paramLabel = "RUN",
            description = "Continue a run folder (its name in jdml.run.dir, or a path) from its newest checkpoint, "
                    + "with its config.conf (-c and --set apply on top).")
    String resume;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Environment environment;
        Optional<RunFolder> existing = Optional.empty();
        if (resume != null) {
            RunCommands.Located located = RunCommands.locate(resume, options, ConfigFactory.empty());
            environment = located.environment();
            existing = Optional.of(located.folder());
        } else {
            environment = Environment.load(options.loader());
        }
        // the report's and the evaluation's settings are used after training: check them before it
        RetrievalSection.check(environment.config().getConfig("jdml.report.retrieval"));
        // as the evaluation's: a bad jdml.eval key must stop the run before its folder exists
        org.jdml.evaluation.EvaluationSettings.of(environment.config().getConfig("jdml.eval"));
        int gpus = EngineSetup.start(environment.config());
        Injector injector = Injectors.create(new ConfigModule(environment, gpus), new ComponentModule(),
                new TrainingModule(existing));
        NDManager manager = Injectors.get(injector, NDManager.class);
        try {
            TrainingRun training = Injectors.get(injector, TrainingRun.class);
            TrainingRun.Summary summary;
            try {
                summary = training.run();
            } catch (JdmlConfigurationException e) {
                if (resume == null) {
                    training.folder().removeIfNothingTrained(); // a mistake leaves no empty run behind
                }
                throw e;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("Run folder: " + summary.folder().dir());
            summary.finalMetrics().forEach((k, v) -> out.printf(Locale.ROOT, "  %-12s %.4f%n", k, v));
            if (summary.skippedBatches() > 0) {
                out.println("  skipped batches (non-finite loss or gradient): " + summary.skippedBatches());
            }
            if (summary.overflowedBatches() > 0) {
                out.println("  dropped updates (gradients overflowed the loss scale): " + summary.overflowedBatches());
            }
            out.flush();
            return 0;
        } catch (TrainingStoppedException e) {
            err.println(e.getMessage());
            return TRAINING_STOPPED;
        } catch (CheckpointException e) {
            err.println("Cannot resume: " + e.getMessage());
            return ExitCodes.CONFIGURATION_ERROR;
        } finally {
            manager.close();
        }
    }
}
