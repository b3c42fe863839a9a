package org.jdml.bench;

import ai.djl.ndarray.NDManager;
import com.typesafe.config.Config;
import java.util.Random;
import org.jdml.api.ComponentContext;
import org.jdml.api.ComponentFactory;
import org.jdml.api.ComponentKind;
import org.jdml.api.config.ComponentSettings;
import org.jdml.runner.assembly.Registries;

/**
 * The facts a benchmarked loss or miner may ask for: embedding size, number of training classes,
 * batch size, a seeded random stream per component, and nested components (a weighted sum's parts)
 * built from the registries with the configuration's settings, as a run would build them.
 */
final class BenchContext implements ComponentContext {

    private final NDManager manager;
    private final Registries registries;
    private final Config config;
    private final Config reference;
    private final String component;
    private final int embeddingSize;
    private final int classes;
    private final int batchSize;
    private final long seed;

    BenchContext(NDManager manager, Registries registries, Config config, Config reference, String component,
            int embeddingSize, int classes, int batchSize, long seed) {
        this.manager = manager;
        this.registries = registries;
        this.config = config;
        this.reference = reference;
        this.component = component;
        this.embeddingSize = embeddingSize;
        this.classes = classes;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    /** Builds one component with its settings from {@code config} over the defaults; throws on bad settings. */
    <P> P build(ComponentKind<? extends ComponentFactory<P>> kind, String name) {
        ComponentFactory<P> factory = registries.of(kind).get(name, "the benchmark");
        ComponentSettings settings = ComponentSettings.resolve(kind.settingsPath(name), kind + " '" + name + "'",
                config, reference);
        settings.throwIfInvalid();
        BenchContext own = new BenchContext(manager, registries, config, reference, kind + ":" + name, embeddingSize,
                classes, batchSize, seed);
        P product = factory.create(settings, own);
        settings.throwIfInvalid();
        return product;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public Random random() {
        return new Random(seed * 31 + component.hashCode());
    }

    @Override
    public int embeddingSize() {
        return embeddingSize;
    }

    @Override
    public int trainingClasses() {
        return classes;
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public <P> P create(ComponentKind<? extends ComponentFactory<P>> kind, String name) {
        return build(kind, name);
    }
}
