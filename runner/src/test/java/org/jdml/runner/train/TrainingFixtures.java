package org.jdml.runner.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.jdml.runner.assembly.ComponentAssembler;
import org.jdml.runner.assembly.Registries;
import org.jdml.runner.assembly.RunComponents;
import org.jdml.runner.engine.EngineSetup;
import org.jdml.runner.model.EmbeddingModel;
import org.jdml.runner.plugins.PluginClassLoader;

/** Small runs for tests: synthetic vectors, an MLP, batches of 8 classes x 4 items. */
final class TrainingFixtures {

    /** A run that trains in well under a second per epoch on two cores. */
    static final List<String> SMALL = List.of(
            "jdml.dataset.name = synthetic",
            "jdml.dataset.synthetic { train-classes = 8, eval-classes = 8, items-per-class = 40, dim = 16 }",
            "jdml.backbone.name = mlp",
            "jdml.backbone.mlp.hidden = [32]",
            "jdml.model.embedding-size = 16",
            "jdml.sampler.name = m-per-class",
            "jdml.sampler.m-per-class.m = 4",
            "jdml.loss.name = test-pairs",
            "jdml.train { batch-size = 32, epochs = 2, progress = false }",
            "jdml.eval.progress = false",
            "jdml.run.device = cpu");

    static {
        // one intra-op thread: on a shared two-core machine two threads can be fifty times slower
        EngineSetup.start(1);
    }

    private TrainingFixtures() {}

    /** The small run's configuration with {@code sets} (HOCON lines) on top. */
    static Config config(List<String> sets) {
        Config user = ConfigFactory.empty();
        for (String line : SMALL) {
            user = ConfigFactory.parseString(line, ConfigParseOptions.defaults().setOriginDescription("fixture"))
                    .withFallback(user);
        }
        for (String line : sets) {
            user = ConfigFactory.parseString(line, ConfigParseOptions.defaults().setOriginDescription("test"))
                    .withFallback(user);
        }
        return user.withFallback(reference()).resolve();
    }

    static Config config(String... sets) {
        return config(List.of(sets));
    }

    static Config reference() {
        return ConfigFactory.defaultReference(TrainingFixtures.class.getClassLoader());
    }

    /** The run's settings, with devices checked against the GPUs the engine sees (none on a CPU machine). */
    static TrainSettings settings(Config config) {
        return TrainSettings.of(config, reference(), Engine.getInstance().getGpuCount());
    }

    /**
     * {@code settings} training on {@code replicas} devices that are all the CPU: the whole data-parallel
     * path without GPUs (the configuration itself names each device once).
     */
    static TrainSettings onCpuReplicas(TrainSettings settings, int replicas) {
        return onDevices(settings, Collections.nCopies(replicas, Device.cpu()));
    }

    /** {@code settings} training on {@code devices}, the main one first. */
    static TrainSettings onDevices(TrainSettings settings, List<Device> devices) {
        TrainSettings.Run run = settings.run();
        return new TrainSettings(new TrainSettings.Run(run.seed(), devices, run.deviceSpec(), run.threads()),
                settings.model(), settings.loop(), settings.optimizer(), settings.schedule(), settings.checkpoint(),
                settings.compute());
    }

    /**
     * Runs {@code body} with the CPU's flags read from a cpuinfo that has {@code avx512_bf16}, so that
     * settings with {@code precision = bf16} are accepted on any CPU. The check refuses bf16 where it is
     * emulated because it is slower there; what it computes is the same, which is what the tests check.
     */
    static <T> T withBfloat16Cpu(java.util.function.Supplier<T> body) {
        return withCpuFlags("avx512f avx512_bf16", body);
    }

    /** Runs {@code body} as on a CPU "Test CPU 9000" whose cpuinfo lists {@code flags}. */
    static <T> T withCpuFlags(String flags, java.util.function.Supplier<T> body) {
        String property = "jdml.cpuinfo";
        String previous = System.getProperty(property);
        try {
            java.nio.file.Path cpuinfo = java.nio.file.Files.createTempFile("jdml-cpuinfo", ".txt");
            java.nio.file.Files.writeString(cpuinfo, "model name\t: Test CPU 9000\nflags\t\t: " + flags + "\n");
            System.setProperty(property, cpuinfo.toString());
            try {
                return body.get();
            } finally {
                java.nio.file.Files.deleteIfExists(cpuinfo);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            if (previous == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, previous);
            }
        }
    }

    static Registries registries() {
        return new Registries(PluginClassLoader.of(java.nio.file.Path.of("no-plugins-here"), false,
                TrainingFixtures.class.getClassLoader()));
    }

    /** Every component of the run, with its model built fresh, as training builds them. */
    static RunComponents components(Config config, NDManager manager) {
        TrainSettings settings = settings(config);
        return new ComponentAssembler(config, registries(), manager, Optional.of(settings.facts()),
                Optional.of(settings.modelRecipe(EmbeddingModel.Start.FRESH))).assemble();
    }
}
