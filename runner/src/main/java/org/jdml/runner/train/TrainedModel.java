package org.jdml.runner.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.typesafe.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdml.api.ComponentKind;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.api.data.MetricDataset;
import org.jdml.runner.assembly.ComponentAssembler;
import org.jdml.runner.assembly.Registries;
import org.jdml.runner.assembly.RunComponents;
import org.jdml.runner.checkpoint.CheckpointException;
import org.jdml.runner.checkpoint.CheckpointStore;
import org.jdml.runner.checkpoint.ParameterIO;
import org.jdml.runner.model.EmbeddingModel;
import org.jdml.runner.model.EmbeddingNetwork;
import org.jdml.runner.model.ModelEmbedder;

/**
 * A run's model restored from its newest checkpoint, with the dataset the configuration names: what
 * {@code jdml eval} and {@code jdml embed} work with. Only the dataset and the backbone are built.
 */
public final class TrainedModel implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TrainedModel.class);

    private final NDManager manager;
    private final TrainSettings settings;
    private final MetricDataset dataset;
    private final EmbeddingNetwork network;
    private final ModelEmbedder embedder;
    private final Path checkpoint;
    private final long iteration;

    private TrainedModel(NDManager manager, TrainSettings settings, MetricDataset dataset, EmbeddingNetwork network,
            ModelEmbedder embedder, Path checkpoint, long iteration) {
        this.manager = manager;
        this.settings = settings;
        this.dataset = dataset;
        this.network = network;
        this.embedder = embedder;
        this.checkpoint = checkpoint;
        this.iteration = iteration;
    }

    /**
     * @param config the run's configuration (with any overrides: another dataset, say)
     * @throws JdmlConfigurationException for bad settings, or a folder without checkpoints
     * @throws CheckpointException when the checkpoint does not fit the configured model
     */
    public static TrainedModel load(Config config, Registries registries, RunFolder folder) {
        Config reference = org.jdml.api.config.References.of(registries.classLoader());
        TrainSettings settings = TrainSettings.forEmbedding(config, reference, Engine.getInstance().getGpuCount());
        Path latest;
        try {
            latest = new CheckpointStore(folder.checkpoints(), Integer.MAX_VALUE)
                    .latestIntact((file, problem) -> LOG.warn("Skipping {}: {}; using the newest intact checkpoint"
                            + " before it", file.getFileName(), problem))
                    .orElseThrow(() -> new JdmlConfigurationException("The run folder " + folder.dir()
                            + " has no intact checkpoint (checkpoints/ is empty, or every file in it is damaged)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        NDManager manager = NDManager.newBaseManager(settings.run().device());
        try {
            // the same assembly as training, of the two parts a trained model is made of
            RunComponents parts = new ComponentAssembler(config, registries, manager, Optional.of(settings.facts()),
                    Optional.of(settings.modelRecipe(EmbeddingModel.Start.RESTORED)))
                    .assemble(Set.of(ComponentKind.BACKBONE));
            MetricDataset dataset = parts.dataset();
            EmbeddingNetwork network = parts.model().network();
            long[] iteration = new long[1];
            CheckpointStore.read(latest, in -> {
                in.section("run", i -> i.skipNBytes(i.available()));
                in.section("loop", i -> {
                    iteration[0] = i.readLong();
                    i.skipNBytes(i.available()); // the loop's own counters
                });
                // values are copied into the parameters in place, which the engine allows only without a graph;
                // the engine starts so on its first thread alone, and a Spark task runs on others
                in.section("model", i -> {
                    try (var noGraph = org.jdml.runner.engine.EngineSetup.noGradient()) {
                        ParameterIO.read(i, network.getParameters().toMap(), "the model");
                    }
                });
                in.skipRest();
            });
            return new TrainedModel(manager, settings, dataset, network, parts.model().embedder(), latest,
                    iteration[0]);
        } catch (IOException e) {
            manager.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The run's training settings (as configured now). */
    public TrainSettings settings() {
        return settings;
    }

    public MetricDataset dataset() {
        return dataset;
    }

    public EmbeddingNetwork network() {
        return network;
    }

    public ModelEmbedder embedder() {
        return embedder;
    }

    public NDManager manager() {
        return manager;
    }

    /** The checkpoint the parameters came from. */
    public Path checkpoint() {
        return checkpoint;
    }

    /** Iterations trained when the checkpoint was written. */
    public long iteration() {
        return iteration;
    }

    @Override
    public void close() {
        manager.close();
    }
}
