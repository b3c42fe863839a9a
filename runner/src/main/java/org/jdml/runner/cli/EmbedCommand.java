package org.jdml.runner.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jdml.api.data.DataSplit;
import org.jdml.report.Npy;
import org.jdml.runner.assembly.Environment;
import org.jdml.runner.checkpoint.CheckpointException;
import org.jdml.runner.command.ConfigOptions;
import org.jdml.runner.command.ExitCodes;
import org.jdml.runner.command.RunCommands;
import org.jdml.runner.command.SplitName;
import org.jdml.runner.engine.EngineSetup;
import org.jdml.runner.progress.TaskProgress;
import org.jdml.runner.train.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jdml embed RUN --dataset NAME [--split train|eval|gallery] --out FILE.npy}: embeds a dataset
 * split with a run's newest checkpoint. Writes FILE.npy (N x D float32) and FILE-labels.npy (N int32).
 */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = "Writes embeddings of a dataset split with a run's model (newest checkpoint): "
        + "FILE.npy (N x D) and FILE-labels.npy. The dataset's settings come from the run's config.conf, "
        + "overlaid with -c/--set.")
public final class EmbedCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Parameters(index = "0", paramLabel = "RUN", description = "The run folder: its name in jdml.run.dir, or a path.")
    String run;

    @Option(names = "--dataset", paramLabel = "NAME", required = true, description = "The dataset to embed.")
    String dataset;

    @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "eval",
            description = "train, eval or gallery (default: ${DEFAULT-VALUE}).")
    SplitName split;

    @Option(names = "--out", paramLabel = "FILE.npy", required = true, description = "Where to write the embeddings.")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        RunCommands.Located located = RunCommands.locate(run, options, ConfigFactory.empty()
                .withValue("jdml.dataset.name", ConfigValueFactory.fromAnyRef(dataset, "--dataset")));
        Environment environment = located.environment();
        EngineSetup.start(environment.config());
        try (TrainedModel model = TrainedModel.load(environment.config(), environment.registries(), located.folder())) {
            DataSplit items = split.of(model.dataset(), dataset);
            float[] values;
            long[] shape;
            try (NDManager work = model.manager().newSubManager();
                    TaskProgress bar = TaskProgress.start("embed " + split, "items", items.size(), 0,
                            model.settings().loop().progress())) {
                NDArray embeddings = model.embedder().embedAll(items, work, done -> bar.stepTo(done, ""));
                values = embeddings.toFloatArray();
                shape = embeddings.getShape().getShape();
            }
            Path labels = labelsFile(out);
            try {
                if (out.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(out.toAbsolutePath().getParent());
                }
                Npy.write(out, values, shape);
                Npy.write(labels, items.labels());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + out, e);
            }
            spec.commandLine().getOut().println("Wrote " + out + " (" + shape[0] + " x " + shape[1] + ") and " + labels
                    + " with " + model.checkpoint().getFileName() + " of " + located.folder().dir());
            spec.commandLine().getOut().flush();
            return 0;
        } catch (CheckpointException e) {
            spec.commandLine().getErr().println("Cannot embed: " + e.getMessage());
            return ExitCodes.CONFIGURATION_ERROR;
        }
    }

    /** FILE.npy's labels: FILE-labels.npy. */
    static Path labelsFile(Path embeddings) {
        String name = embeddings.getFileName().toString();
        String stem = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
        return embeddings.resolveSibling(stem + "-labels.npy");
    }
}
