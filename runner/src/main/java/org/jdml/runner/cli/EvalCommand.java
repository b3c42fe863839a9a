package org.jdml.runner.cli;

import com.typesafe.config.ConfigFactory;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jdml.runner.assembly.Environment;
import org.jdml.runner.checkpoint.CheckpointException;
import org.jdml.runner.command.ConfigOptions;
import org.jdml.runner.command.ExitCodes;
import org.jdml.runner.command.RunCommands;
import org.jdml.runner.engine.EngineSetup;
import org.jdml.runner.train.MetricsLog;
import org.jdml.runner.train.RunEvaluation;
import org.jdml.runner.train.TrainSettings;
import org.jdml.runner.train.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jdml eval RUN}: evaluates a run's newest checkpoint again and appends the metrics to its log. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Re-evaluates a run folder's newest checkpoint, prints the metrics and "
        + "appends them to its metrics.jsonl (-c/--set apply over the run's config.conf).")
public final class EvalCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Parameters(index = "0", paramLabel = "RUN", description = "The run folder: its name in jdml.run.dir, or a path.")
    String run;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        RunCommands.Located located = RunCommands.locate(run, options, ConfigFactory.empty());
        Environment environment = located.environment();
        EngineSetup.start(environment.config());
        try (TrainedModel model = TrainedModel.load(environment.config(), environment.registries(), located.folder())) {
            TrainSettings settings = model.settings();
            RunEvaluation.Outcome outcome = new RunEvaluation(environment.config(), model.dataset(),
                    model.embedder(), model.manager(), settings.loop().progress()).evaluate();
            int perEpoch = settings.loop().iterationsPerEpoch(model.dataset().training().size());
            try (MetricsLog log = new MetricsLog(located.folder().metrics())) {
                Map<String, String> extra = new LinkedHashMap<>();
                extra.put("source", "jdml eval");
                extra.put("checkpoint", model.checkpoint().getFileName().toString());
                log.evaluation((int) (model.iteration() / perEpoch), model.iteration(), outcome.metrics(),
                        outcome.seconds(), extra);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("Run " + located.folder().dir() + ", " + model.checkpoint().getFileName() + " (iteration "
                    + model.iteration() + "):");
            outcome.metrics().forEach((k, v) -> out.printf(Locale.ROOT, "  %-12s %.4f%n", k, v));
            out.flush();
            return 0;
        } catch (CheckpointException e) {
            spec.commandLine().getErr().println("Cannot evaluate: " + e.getMessage());
            return ExitCodes.CONFIGURATION_ERROR;
        }
    }
}
