package org.jdml.api;

import ai.djl.ndarray.NDManager;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Random;
import org.jdml.api.data.DataSplit;
import org.jdml.api.data.Embedder;
import org.jdml.api.progress.ProgressDisplay;

/**
 * The {@link ComponentContext} a third-party host (or a test) gives the components it builds with
 * {@link ComponentHost}: the facts it knows, set on a builder. A fact left unset is unavailable, and a
 * component that asks for it fails with an error naming the component and the fact.
 *
 * <pre>{@code
 * ComponentContext context = HostContext.builder(manager).seed(7).embeddingSize(128).trainingClasses(100).build();
 * }</pre>
 */
@Stable
public final class HostContext implements ComponentContext {

    /** What the builder was told, shared by the contexts of nested components. */
    private record Facts(NDManager manager, long seed, Integer embeddingSize, Integer trainingClasses,
            Integer batchSize, Integer iterationsPerEpoch, DataSplit trainingData, Embedder embedder,
            ProgressDisplay progress, ComponentHost host, Config config) {}

    private final Facts facts;
    /** The nested component this context was made for ({@code loss:triplet}); null for the host's own. */
    private final String component;

    private HostContext(Facts facts, String component) {
        this.facts = facts;
        this.component = component;
    }

    public static Builder builder(NDManager manager) {
        return new Builder(manager);
    }

    @Override
    public NDManager manager() {
        return facts.manager();
    }

    @Override
    public long seed() {
        return facts.seed();
    }

    @Override
    public Random random() {
        return new Random(component == null ? facts.seed() : ComponentContext.componentSeed(facts.seed(), component));
    }

    @Override
    public int embeddingSize() {
        return known(facts.embeddingSize(), "embeddingSize");
    }

    @Override
    public int trainingClasses() {
        return known(facts.trainingClasses(), "trainingClasses");
    }

    @Override
    public int batchSize() {
        return known(facts.batchSize(), "batchSize");
    }

    /** As set, or else the batches that cover the training data once (when both are known). */
    @Override
    public int iterationsPerEpoch() {
        if (facts.iterationsPerEpoch() != null) {
            return facts.iterationsPerEpoch();
        }
        if (facts.trainingData() == null || facts.batchSize() == null) {
            throw new UnavailableCapabilityException("iterationsPerEpoch");
        }
        return Math.max(1, (facts.trainingData().size() + facts.batchSize() - 1) / facts.batchSize());
    }

    @Override
    public DataSplit trainingData() {
        return known(facts.trainingData(), "trainingData");
    }

    @Override
    public Embedder embedder() {
        return known(facts.embedder(), "embedder");
    }

    @Override
    public ProgressDisplay progress() {
        return facts.progress();
    }

    /**
     * A part another component is made of, built by the same host from the builder's configuration,
     * with the same facts and a random stream of its own.
     */
    @Override
    public <P> P create(ComponentKind<? extends ComponentFactory<P>> kind, String name) {
        return createNested(kind, name);
    }

    private <P, F extends ComponentFactory<P>> P createNested(ComponentKind<F> kind, String name) {
        return facts.host().create(kind, name, facts.config(), new HostContext(facts, kind + ":" + name));
    }

    private static <T> T known(T value, String capability) {
        if (value == null) {
            throw new UnavailableCapabilityException(capability);
        }
        return value;
    }

    /** The facts of a context; each unset one is unavailable. */
    public static final class Builder {
        private final NDManager manager;
        private long seed;
        private Integer embeddingSize;
        private Integer trainingClasses;
        private Integer batchSize;
        private Integer iterationsPerEpoch;
        private DataSplit trainingData;
        private Embedder embedder;
        private ProgressDisplay progress = ProgressDisplay.SILENT;
        private ComponentHost host;
        private Config config = ConfigFactory.empty();

        private Builder(NDManager manager) {
            this.manager = manager;
        }

        /** The seed components derive their randomness from (default 0). */
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

        /** Iterations per epoch; unset, the batches that cover {@link #trainingData} once. */
        public Builder iterationsPerEpoch(int value) {
            iterationsPerEpoch = value;
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

        /** Where components show progress (default: nowhere). */
        public Builder progress(ProgressDisplay value) {
            progress = value;
            return this;
        }

        /**
         * The host that builds nested components, and their settings by full path ({@code
         * jdml.loss.triplet.margin = 0.5}); by default the classpath's components and their defaults.
         */
        public Builder nested(ComponentHost value, Config settings) {
            host = value;
            config = settings;
            return this;
        }

        /** Settings for nested components, built by the classpath's host. */
        public Builder config(Config settings) {
            config = settings;
            return this;
        }

        public HostContext build() {
            if (host == null) {
                host = ComponentHost.of(HostContext.class.getClassLoader());
            }
            return new HostContext(new Facts(manager, seed, embeddingSize, trainingClasses, batchSize,
                    iterationsPerEpoch, trainingData, embedder, progress, host, config), null);
        }
    }
}
