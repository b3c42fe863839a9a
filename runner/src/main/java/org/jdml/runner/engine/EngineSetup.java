package org.jdml.runner.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import org.jdml.api.engine.EngineAdapter;

/**
 * Starts the engine with the run's thread count and passes on what the runner needs of the engine
 * beyond DJL's api to api's {@link EngineAdapter} (the {@code engine-pytorch} module implements it).
 * PyTorch reads {@code ai.djl.pytorch.num_threads} once, when the engine starts; once it runs, the
 * count is changed through the adapter.
 */
public final class EngineSetup {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EngineSetup.class);
    private static volatile boolean started;

    private EngineSetup() {}

    /**
     * Applies {@code jdml.run.threads} (when it is a positive integer; bad values are reported by
     * {@code TrainSettings}) and starts the engine.
     *
     * @return the number of GPUs the engine sees
     */
    public static int start(Config config) {
        int threads = 0;
        try {
            threads = config.getInt("jdml.run.threads");
        } catch (ConfigException invalid) {
            // reported with its origin when the settings are read
        }
        return start(threads);
    }

    /** Sets the intra-op thread count (0 keeps the engine's default) and starts the engine. */
    public static int start(int threads) {
        if (threads > 0) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        }
        boolean first = !started;
        Engine engine = Engine.getInstance();
        if (threads > 0 && EngineAdapter.current().threads() != threads) {
            EngineAdapter.current().setThreads(threads);
        }
        int gpus = engine.getGpuCount();
        if (first) {
            started = true;
            // the engine's own start-up lines are quiet (simplelogger.properties); this one says what runs
            LOG.info("Engine {} {}: {} GPU(s), {} intra-op thread(s)", engine.getEngineName(), engine.getVersion(),
                    gpus, EngineAdapter.current().threads());
        }
        return gpus;
    }

    /** Intra-op threads the engine uses now. */
    public static int threads() {
        Engine.getInstance();
        return EngineAdapter.current().threads();
    }

    /**
     * Stops the engine from recording a graph until the returned scope closes, even inside an open
     * gradient collector: a loss that embeds the training set while computing its first batch (the
     * centroid bound's k-means centroids) would otherwise keep every activation of the whole set
     * alive for backward. The previous mode comes back on close.
     */
    public static EngineAdapter.Scope noGradient() {
        Engine.getInstance();
        return EngineAdapter.current().noGradient();
    }

    /** The engine adapter, with the engine started (conversions, layouts and device checks go through it). */
    public static EngineAdapter adapter() {
        Engine.getInstance();
        return EngineAdapter.current();
    }

    /** Sets the gradient of {@code parameter} to zero in place (PyTorch's {@code grad.zero_()}). */
    public static void zeroGradient(NDArray parameter) {
        EngineAdapter.current().zeroGradient(parameter);
    }

    /**
     * Keeps the memory behind every array created on this thread alive until the scope closes: the
     * runner opens it around each forward and backward pass, the host-side fix of DJL's scalar lifetime
     * problem (api's {@code Scalars} is the loss-side one; docs/training.md has both).
     */
    public static EngineAdapter.Scope keepGraphAlive() {
        return EngineAdapter.current().keepGraphAlive();
    }

    /**
     * The engine's seed before initialisation (step -1) and before each step: any random op in a step
     * draws the same numbers whether or not the run was resumed. The engine takes an int.
     */
    public static int engineSeed(long seed, long step) {
        if (step < 0 && seed == (int) seed) {
            return (int) seed;
        }
        return (int) new java.util.SplittableRandom(seed * 31 + step).nextLong();
    }
}
