package org.jdml.runner.assembly;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdml.api.ComponentFactory;
import org.jdml.api.ComponentKind;
import org.jdml.api.Registry;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.api.config.Origins;
import org.jdml.api.control.AdaptiveController;
import org.jdml.api.data.BatchSampler;
import org.jdml.api.data.DataSplit;
import org.jdml.api.data.Embedder;
import org.jdml.api.data.MetricDataset;
import org.jdml.api.loss.MetricLoss;
import org.jdml.api.mining.Miner;

/**
 * Builds every component a run selects, in dependency order (dataset first: the others learn the
 * number of classes from it), and reports all configuration problems at once before anything trains.
 */
public final class ComponentAssembler {

    /** Run-level keys the assembler reads (owned by the runner's reference.conf). */
    static final String SEED = "jdml.run.seed";
    static final String EMBEDDING_SIZE = "jdml.model.embedding-size";
    static final String BATCH_SIZE = "jdml.train.batch-size";

    private final Config config;
    private final Registries registries;
    private final NDManager manager;
    private final Config reference;
    private final List<String> problems = new ArrayList<>();
    private final List<ComponentInfo> used = new ArrayList<>();
    private final RunComponents.EmbedderSlot embedderSlot = new RunComponents.EmbedderSlot();
    private MetricDataset dataset;

    public ComponentAssembler(Config config, Registries registries, NDManager manager) {
        this.config = config;
        this.registries = registries;
        this.manager = manager;
        this.reference = org.jdml.api.config.References.of(registries.classLoader());
    }

    /** Builds everything or throws one {@link JdmlConfigurationException} listing every problem. */
    public RunComponents assemble() {
        // components ask for these through their context: with a value of the wrong type none can be built
        boolean runSettingsReadable = checkRunSettings();
        dataset = build(ComponentKind.DATASET).orElse(null);
        boolean canBuild = dataset != null && runSettingsReadable;
        Block backbone = build(ComponentKind.BACKBONE, canBuild).orElse(null);
        BatchSampler sampler = build(ComponentKind.SAMPLER, canBuild).orElse(null);
        Optional<Miner> miner = build(ComponentKind.MINER, canBuild);
        MetricLoss loss = build(ComponentKind.LOSS, canBuild).orElse(null);
        Optional<AdaptiveController> controller = build(ComponentKind.CONTROLLER, canBuild);
        if (!problems.isEmpty()) {
            throw new JdmlConfigurationException(problems);
        }
        return new RunComponents(config, dataset, backbone, sampler, miner, loss, controller, List.copyOf(used),
                embedderSlot);
    }

    /** @return whether both settings are integers (out of range or not) */
    private boolean checkRunSettings() {
        boolean embedding = checkAtLeast(EMBEDDING_SIZE, 1);
        return checkAtLeast(BATCH_SIZE, 2) && embedding;
    }

    /**
     * An integer setting of the run, at least {@code min}; a wrong type is one problem, not a trace.
     *
     * @return whether the value is an integer
     */
    private boolean checkAtLeast(String path, int min) {
        Object value = config.getValue(path).unwrapped();
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            problems.add(at(path) + "expected an integer, was "
                    + config.getValue(path).render(com.typesafe.config.ConfigRenderOptions.concise()));
            return false;
        }
        if (n.intValue() < min) {
            problems.add(at(path) + "must be at least " + min + ", was " + n.intValue());
        }
        return true;
    }

    private String at(String path) {
        return Origins.prefix(config.getValue(path).origin()) + "Invalid value at '" + path + "': ";
    }

    private <P> Optional<P> build(ComponentKind<? extends ComponentFactory<P>> kind) {
        return build(kind, true);
    }

    /** Selects, configures and (when {@code create}) builds one kind; problems are recorded, not thrown. */
    private <P> Optional<P> build(ComponentKind<? extends ComponentFactory<P>> kind, boolean create) {
        Optional<? extends ComponentFactory<P>> factory;
        try {
            factory = registries.of(kind).selected(config);
        } catch (JdmlConfigurationException e) {
            problems.addAll(e.problems());
            return Optional.empty();
        }
        if (factory.isEmpty()) {
            return Optional.empty();
        }
        ComponentSettings settings = settingsOf(kind, factory.get().name());
        if (!create || !settings.problems().isEmpty()) {
            problems.addAll(settings.problems());
            return Optional.empty();
        }
        try {
            P product = factory.get().create(settings, new RunContext(this, kind + ":" + factory.get().name()));
            problems.addAll(settings.problems());
            used.add(ComponentInfo.of(kind, factory.get()));
            return settings.problems().isEmpty() ? Optional.ofNullable(product) : Optional.empty();
        } catch (JdmlConfigurationException e) {
            problems.addAll(settings.problems());
            problems.addAll(e.problems());
        } catch (RuntimeException e) {
            problems.addAll(settings.problems());
            problems.add(kind + " '" + factory.get().name() + "' could not be built: " + e.getMessage());
        }
        return Optional.empty();
    }

    /** For {@link RunContext#create}: a component that another one is made of. */
    <P> P createNested(ComponentKind<? extends ComponentFactory<P>> kind, String name) {
        Registry<? extends ComponentFactory<P>> registry = registries.of(kind);
        ComponentFactory<P> factory = registry.get(name, "a part named by another " + kind);
        ComponentSettings settings = settingsOf(kind, name);
        settings.throwIfInvalid();
        P product = factory.create(settings, new RunContext(this, kind + ":" + name));
        settings.throwIfInvalid();
        used.add(ComponentInfo.of(kind, factory));
        return product;
    }

    private ComponentSettings settingsOf(ComponentKind<?> kind, String name) {
        return ComponentSettings.resolve(kind.settingsPath(name), kind + " '" + name + "'", config, reference);
    }

    NDManager manager() {
        return manager;
    }

    long seed() {
        return config.getLong(SEED);
    }

    int embeddingSize() {
        return config.getInt(EMBEDDING_SIZE);
    }

    String originOf(String path) {
        return config.hasPathOrNull(path) ? org.jdml.api.config.Origins.describe(config.getValue(path).origin()) : "";
    }

    int batchSize() {
        return config.getInt(BATCH_SIZE);
    }

    /** {@code jdml.train.iterations-per-epoch}, or the batches that cover {@code trainingItems} once. */
    int iterationsPerEpoch(int trainingItems) {
        return iterationsPerEpoch(config.getInt("jdml.train.iterations-per-epoch"), batchSize(), trainingItems);
    }

    /** The one rule for an epoch's length: {@code configured} when > 0, else the batches covering the items. */
    public static int iterationsPerEpoch(int configured, int batchSize, int trainingItems) {
        return configured > 0 ? configured : Math.max(1, (trainingItems + batchSize - 1) / batchSize);
    }

    DataSplit trainingData() {
        return dataset == null ? null : dataset.training();
    }

    Embedder embedder() {
        return embedderSlot.get();
    }
}
