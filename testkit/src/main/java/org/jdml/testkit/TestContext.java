package org.jdml.testkit;

import ai.djl.ndarray.NDManager;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Random;
import org.jdml.api.ComponentContext;
import org.jdml.api.ComponentFactory;
import org.jdml.api.ComponentKind;
import org.jdml.api.Registry;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.data.DataSplit;
import org.jdml.api.data.Embedder;

/**
 * A {@link ComponentContext} for tests: fixed facts, nested components built from the classpath with
 * their defaults (or with the overrides in {@link Builder#config}).
 */
public final class TestContext implements ComponentContext {

    private final NDManager manager;
    private final long seed;
    private final int embeddingSize;
    private final int trainingClasses;
    private final int batchSize;
    private final DataSplit trainingData;
    private final Embedder embedder;
    private final Config config;
    private final int iterationsPerEpoch;

    private TestContext(Builder b) {
        this.manager = b.manager;
        this.seed = b.seed;
        this.embeddingSize = b.embeddingSize;
        this.trainingClasses = b.trainingClasses;
        this.batchSize = b.batchSize;
        this.trainingData = b.trainingData;
        this.embedder = b.embedder;
        this.config = b.config;
        this.iterationsPerEpoch = b.iterationsPerEpoch;
    }

    public static Builder builder(NDManager manager) {
        return new Builder(manager);
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
        return new Random(seed);
    }

    @Override
    public int embeddingSize() {
        return embeddingSize;
    }

    @Override
    public int trainingClasses() {
        return trainingClasses;
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    /** As set, or else the batches that cover the training data once. */
    @Override
    public int iterationsPerEpoch() {
        if (iterationsPerEpoch > 0) {
            return iterationsPerEpoch;
        }
        int items = trainingData().size();
        return Math.max(1, (items + batchSize - 1) / batchSize);
    }

    @Override
    public DataSplit trainingData() {
        if (trainingData == null) {
            return ComponentContext.super.trainingData();
        }
        return trainingData;
    }

    @Override
    public Embedder embedder() {
        if (embedder == null) {
            return ComponentContext.super.embedder();
        }
        return embedder;
    }

    @Override
    public <P> P create(ComponentKind<? extends ComponentFactory<P>> kind, String name) {
        ComponentFactory<P> factory = Registry.load(kind, getClass().getClassLoader())
                .get(name, "a nested " + kind + " of a test");
        return build(factory, kind, config, this);
    }

    /** Builds a component from {@code root} over the classpath's defaults; throws its problems. */
    public static <P> P build(ComponentFactory<P> factory, ComponentKind<?> kind, Config root, ComponentContext context) {
        ComponentSettings settings = settings(kind, factory.name(), root);
        settings.throwIfInvalid();
        P product = factory.create(settings, context);
        settings.throwIfInvalid();
        return product;
    }

    /** The settings a run with {@code root} would give the named component. */
    public static ComponentSettings settings(ComponentKind<?> kind, String name, Config root) {
        Config reference = org.jdml.api.config.References.of(TestContext.class.getClassLoader());
        return ComponentSettings.resolve(kind.settingsPath(name), kind + " '" + name + "'", root, reference);
    }

    /** Fluent construction with the values most tests want. */
    public static final class Builder {
        private final NDManager manager;
        private long seed = 0;
        private int embeddingSize = 8;
        private int trainingClasses = 4;
        private int batchSize = 16;
        private DataSplit trainingData;
        private Embedder embedder;
        private Config config = ConfigFactory.empty();
        private int iterationsPerEpoch;

        private Builder(NDManager manager) {
            this.manager = manager;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder embeddingSize(int value) {
            embeddingSize = value;
            return this;
        }

        public Builder trainingClasses(int value) {
            trainingClasses = value;
            return this;
        }

        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        /** Iterations per epoch; by default the batches that cover the training data once. */
        public Builder iterationsPerEpoch(int value) {
            this.iterationsPerEpoch = value;
            return this;
        }

        public Builder trainingData(DataSplit value) {
            trainingData = value;
            return this;
        }

        public Builder embedder(Embedder value) {
            embedder = value;
            return this;
        }

        /** Settings for nested components, e.g. {@code jdml.loss.triplet.margin = 0.5}. */
        public Builder config(Config value) {
            config = value;
            return this;
        }

        public TestContext build() {
            return new TestContext(this);
        }
    }
}
