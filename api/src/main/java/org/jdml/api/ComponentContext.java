package org.jdml.api;

import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.jdml.api.data.DataSplit;
import org.jdml.api.data.Embedder;

/**
 * What the host hands a factory besides its settings. New facts arrive as new default methods, so
 * plugins built against an older api keep working.
 *
 * <p>Facts about the run become known in order: a dataset is built first (it sees only
 * {@link #manager()}, {@link #seed()} and {@link #random()}); every other component may ask for
 * everything here.
 */
@Stable
public interface ComponentContext {

    /** Owns long-lived arrays such as loss parameters; closed when the run ends. */
    NDManager manager();

    /** The run's seed. */
    long seed();

    /**
     * A random source seeded from the run's seed and the component's name, so that two components
     * never share a stream and adding one does not change another's draws.
     */
    Random random();

    /**
     * The seed of a component's own stream: {@code seed} mixed with the component's name ({@code
     * loss:triplet}), so that hosts derive the same independent streams.
     */
    static long componentSeed(long seed, String component) {
        return new java.util.SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * component.hashCode())).nextLong();
    }

    /** Size of the embeddings the backbone produces (the loss's input width). */
    default int embeddingSize() {
        throw unavailable("embeddingSize");
    }

    /** Number of distinct classes in the training split. */
    default int trainingClasses() {
        throw unavailable("trainingClasses");
    }

    /**
     * Where a run setting outside the component's own section was set, for messages about a value
     * that depends on it: "run.conf: 3", "--set jdml.train.batch-size", "reference.conf: 12"; "" when
     * unknown.
     */
    default String originOf(String path) {
        return "";
    }

    /** Number of items in a training batch. */
    default int batchSize() {
        throw unavailable("batchSize");
    }

    /**
     * Training iterations in one epoch ({@code jdml.train.iterations-per-epoch}, or the batches that
     * cover the training split once). Samplers and controllers that act once per epoch count with it;
     * the host draws no batch of an epoch before the last step of the previous epoch has run.
     */
    default int iterationsPerEpoch() {
        throw unavailable("iterationsPerEpoch");
    }

    /** The training split (samplers draw from it). */
    default DataSplit trainingData() {
        throw unavailable("trainingData");
    }

    /** Embeds training items with the current model, without gradient (for whole-set mining). */
    default Embedder embedder() {
        throw unavailable("embedder");
    }

    /**
     * Where a long piece of work (rendering a dataset, building an index) shows its progress; the
     * runner's bar or log lines. Silent unless the host gives one.
     */
    default org.jdml.api.progress.ProgressDisplay progress() {
        return org.jdml.api.progress.ProgressDisplay.SILENT;
    }

    /**
     * Builds another component with its own settings, e.g. the parts of a weighted sum of losses.
     *
     * @throws org.jdml.api.config.JdmlConfigurationException if it is unknown or its settings are bad
     */
    default <P> P create(ComponentKind<? extends ComponentFactory<P>> kind, String name) {
        throw unavailable("create");
    }

    private UnavailableCapabilityException unavailable(String what) {
        return new UnavailableCapabilityException(what);
    }
}
