package org.jdml.runner.retrieval;

import ai.djl.ndarray.NDManager;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.api.data.DataSplit;
import org.jdml.api.data.MetricDataset;
import org.jdml.retrieval.HnswSettings;
import org.jdml.retrieval.IndexManifest;
import org.jdml.retrieval.Metric;
import org.jdml.retrieval.VectorIndex;
import org.jdml.runner.checkpoint.CheckpointException;
import org.jdml.runner.command.ConfigOptions;
import org.jdml.runner.command.ExitCodes;
import org.jdml.runner.command.RunCommands;
import org.jdml.runner.engine.EngineSetup;
import org.jdml.runner.progress.TaskProgress;
import org.jdml.runner.train.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jdml index RUN --dataset NAME --split gallery|evaluation|training}: embeds a split with the
 * run's newest checkpoint and writes a search index of it ({@code RUN/index} unless {@code --out}).
 */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = "Builds a persistent search index (Lucene HNSW) of a dataset split embedded with a run's "
                + "newest checkpoint: every item's vector, label, class name and source, and the model's identity. "
                + "Graph settings: jdml.index (-c/--set).")
public final class IndexCommand implements Callable<Integer> {

    /** Which split to index. */
    enum Split { gallery, evaluation, training }

    @Mixin
    ConfigOptions options;

    @Parameters(index = "0", paramLabel = "RUN", description = "The run folder: its name in jdml.run.dir, or a path.")
    String run;

    @Option(names = "--dataset", paramLabel = "NAME", required = true, description = "The dataset to index.")
    String dataset;

    @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "gallery",
            description = "gallery (the evaluation split when the dataset has no separate gallery), evaluation or "
                    + "training (default: ${DEFAULT-VALUE}).")
    Split split;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the index (default: RUN/index).")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        RunCommands.Located located = RunCommands.locate(run, options, ConfigFactory.empty()
                .withValue("jdml.dataset.name", ConfigValueFactory.fromAnyRef(dataset, "--dataset")));
        Config config = located.environment().config();
        HnswSettings hnsw = hnsw(config);
        EngineSetup.start(config);
        PrintWriter printed = spec.commandLine().getOut();
        try (TrainedModel model = TrainedModel.load(config, located.environment().registries(), located.folder())) {
            MetricDataset data = model.dataset();
            DataSplit items = switch (split) {
                case gallery -> data.gallery().orElse(data.evaluation());
                case evaluation -> data.evaluation();
                case training -> data.training();
            };
            String splitName = split == Split.gallery && data.gallery().isEmpty() ? "evaluation" : split.name();
            float[] vectors;
            try (NDManager work = model.manager().newSubManager();
                    TaskProgress bar = TaskProgress.start("embed " + splitName, "items", items.size(), 0,
                            model.settings().loop().progress())) {
                vectors = model.embedder().embedAll(items, work, done -> bar.stepTo(done, "")).toFloatArray();
            }
            boolean normalised = model.settings().model().normalize();
            Metric metric = Metric.forEmbeddings(normalised && Metric.unitNorm(vectors,
                    model.settings().model().embeddingSize()));
            IndexManifest header = new IndexManifest(IndexManifest.FORMAT, RunModel.identity(located.folder(), model),
                    dataset, splitName, metric, 0, hnsw, 0);
            Path target = out != null ? out : RunModel.defaultIndex(located.folder());
            IndexManifest written;
            try (TaskProgress bar = TaskProgress.start("index " + splitName, "items", items.size(), 0,
                    model.settings().loop().progress())) {
                written = VectorIndex.build(target, header, vectors, items.labels(), items::className, items::source,
                        done -> bar.stepTo(done, ""));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the index " + target, e);
            }
            printed.printf(Locale.ROOT, "Indexed %d items of %s's %s split into %s (%s, %s; built in %.1f s)%n",
                    written.items(), dataset, splitName, target, written.model().describe(),
                    metric == Metric.DOT_PRODUCT ? "dot product" : "Euclidean", written.buildSeconds());
            printed.flush();
            return 0;
        } catch (CheckpointException e) {
            spec.commandLine().getErr().println("Cannot index: " + e.getMessage());
            return ExitCodes.CONFIGURATION_ERROR;
        }
    }

    static HnswSettings hnsw(Config config) {
        int m = config.getInt("jdml.index.max-connections");
        int beam = config.getInt("jdml.index.beam-width");
        try {
            return new HnswSettings(m, beam);
        } catch (IllegalArgumentException e) {
            throw new JdmlConfigurationException("jdml.index: " + e.getMessage());
        }
    }
}
