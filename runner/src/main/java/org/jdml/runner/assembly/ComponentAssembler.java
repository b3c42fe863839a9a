package org.jdml.runner.assembly;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
import org.jdml.runner.model.EmbeddingModel;

/**
 * Builds every component a run selects, in dependency order (dataset first: the others learn the
 * number of classes from it), and reports all configuration problems at once before anything trains.
 */
public final class ComponentAssembler {

    private final Config config;
    private final Registries registries;
    private final NDManager manager;
    private final Config reference;
    private final List<String> problems = new ArrayList<>();
    private final List<ComponentInfo> used = new ArrayList<>();
    private final Optional<RunFacts> facts;
    private final Optional<EmbeddingModel.Recipe> recipe;
    private MetricDataset dataset;
    private EmbeddingModel model;

    /**
     * @param facts the run's facts, or empty when they cannot be used: their problems are the training
     *     settings' to report, and only the dataset is built
     * @param recipe how to build the embedding network over the backbone, or empty when the run's
     *     settings cannot say (their problems are reported elsewhere): the components are then only
     *     validated, and one that embeds fails naming why
     */
    public ComponentAssembler(Config config, Registries registries, NDManager manager, Optional<RunFacts> facts,
            Optional<EmbeddingModel.Recipe> recipe) {
        this.config = config;
        this.registries = registries;
        this.manager = manager;
        this.facts = facts;
        this.recipe = recipe;
        this.reference = org.jdml.api.config.References.of(registries.classLoader());
    }

    /** Builds everything or throws one {@link JdmlConfigurationException} listing every problem. */
    public RunComponents assemble() {
        return assemble(Set.copyOf(ComponentKind.ALL));
    }

    /**
     * Builds the dataset and the other {@code kinds} (the model of a finished run needs only its
     * dataset and backbone), in dependency order: dataset, backbone, the embedding network over it
     * (with a recipe), then the components that may embed the training set with it. The kinds not
     * asked for are null or empty and their settings unread. Throws one
     * {@link JdmlConfigurationException} listing every problem.
     */
    public RunComponents assemble(Set<ComponentKind<?>> kinds) {
        dataset = build(ComponentKind.DATASET).orElse(null);
        // components ask their context for the run's facts: without them none can be built
        boolean canBuild = dataset != null && facts.isPresent();
        Block backbone = kinds.contains(ComponentKind.BACKBONE) ? build(ComponentKind.BACKBONE, canBuild).orElse(null) : null;
        if (backbone != null && recipe.isPresent()) {
            try {
                model = recipe.get().build(backbone, dataset.training().itemShape(),
                        config.getString("jdml.backbone.name"), config.getString("jdml.dataset.name"), manager);
            } catch (JdmlConfigurationException e) {
                problems.addAll(e.problems());
            }
        }
        BatchSampler sampler = kinds.contains(ComponentKind.SAMPLER) ? build(ComponentKind.SAMPLER, canBuild).orElse(null)
                : null;
        Optional<Miner> miner = kinds.contains(ComponentKind.MINER) ? build(ComponentKind.MINER, canBuild) : Optional.empty();
        MetricLoss loss = kinds.contains(ComponentKind.LOSS) ? build(ComponentKind.LOSS, canBuild).orElse(null) : null;
        Optional<AdaptiveController> controller = kinds.contains(ComponentKind.CONTROLLER)
                ? build(ComponentKind.CONTROLLER, canBuild) : Optional.empty();
        if (!problems.isEmpty()) {
            throw new JdmlConfigurationException(problems);
        }
        return new RunComponents(config, dataset, backbone, model, sampler, miner, loss, controller,
                List.copyOf(used));
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
        return facts.orElseThrow().seed();
    }

    int embeddingSize() {
        return facts.orElseThrow().embeddingSize();
    }

    String originOf(String path) {
        return config.hasPathOrNull(path) ? org.jdml.api.config.Origins.describe(config.getValue(path).origin()) : "";
    }

    int batchSize() {
        return facts.orElseThrow().batchSize();
    }

    /** {@code jdml.train.iterations-per-epoch}, or the batches that cover {@code trainingItems} once. */
    int iterationsPerEpoch(int trainingItems) {
        return facts.orElseThrow().iterationsPerEpoch(trainingItems);
    }

    /** The one rule for an epoch's length: {@code configured} when > 0, else the batches covering the items. */
    public static int iterationsPerEpoch(int configured, int batchSize, int trainingItems) {
        return configured > 0 ? configured : Math.max(1, (trainingItems + batchSize - 1) / batchSize);
    }

    DataSplit trainingData() {
        return dataset == null ? null : dataset.training();
    }

    /** The model's embedder over the training split; null until the model is built, or without one. */
    Embedder embedder() {
        return model == null ? null : model.embedderOver(dataset.training());
    }

    /** Why there is no embedder, for the component that asks. */
    String whyNoModel() {
        return recipe.isEmpty() ? "the run's settings have problems, so no model was built"
                : "the backbone could not be built, or cannot take the dataset's items";
    }
}
