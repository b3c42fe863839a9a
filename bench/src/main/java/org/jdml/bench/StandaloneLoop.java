package org.jdml.bench;

import org.jdml.runner.train.TrainSettings;
import org.jdml.runner.train.TrainingLoop;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Optional;
import org.jdml.runner.assembly.ComponentAssembler;
import org.jdml.runner.assembly.Registries;
import org.jdml.runner.assembly.RunComponents;
import org.jdml.runner.model.EmbeddingModel;

/**
 * A training loop built straight from a configuration, with no run folder: what the benchmarks
 * time. The manager, the components and the loop are closed together.
 */
public final class StandaloneLoop implements AutoCloseable {

    private final TrainSettings settings;
    private final NDManager manager;
    private final RunComponents components;
    private final TrainingLoop loop;

    private StandaloneLoop(TrainSettings settings, NDManager manager, RunComponents components, TrainingLoop loop) {
        this.settings = settings;
        this.manager = manager;
        this.components = components;
        this.loop = loop;
    }

    /**
     * Reads the settings (devices checked against the GPUs the engine sees), assembles every
     * component and builds the loop on the run's devices.
     */
    public static StandaloneLoop open(Config config, Registries registries) {
        Config reference = org.jdml.api.config.References.of(registries.classLoader());
        TrainSettings settings = TrainSettings.of(config, reference, Engine.getInstance().getGpuCount());
        NDManager manager = NDManager.newBaseManager(settings.run().device());
        try {
            RunComponents components = new ComponentAssembler(config, registries, manager, Optional.of(settings.facts()),
                    Optional.of(settings.modelRecipe(EmbeddingModel.Start.FRESH))).assemble();
            return new StandaloneLoop(settings, manager, components, new TrainingLoop(components, settings, manager));
        } catch (RuntimeException | Error e) {
            manager.close();
            throw e;
        }
    }

    public TrainSettings settings() {
        return settings;
    }

    public TrainingLoop loop() {
        return loop;
    }

    public RunComponents components() {
        return components;
    }

    /** The run's manager: parameters, optimizer state and whatever the loop keeps between steps. */
    public NDManager manager() {
        return manager;
    }

    /** Runs {@code iterations} steps, for warming up. */
    public void steps(int iterations) {
        for (int i = 0; i < iterations; i++) {
            loop.step();
        }
    }

    @Override
    public void close() {
        try {
            loop.close();
        } finally {
            manager.close();
        }
    }
}
