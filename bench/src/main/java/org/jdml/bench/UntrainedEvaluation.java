package org.jdml.bench;

import ai.djl.ndarray.NDManager;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdml.runner.assembly.ComponentAssembler;
import org.jdml.runner.assembly.Environment;
import org.jdml.runner.assembly.RunComponents;
import org.jdml.runner.config.RunConfigLoader;
import org.jdml.runner.model.EmbeddingModel;
import org.jdml.runner.engine.EngineSetup;
import org.jdml.runner.train.RunEvaluation;
import org.jdml.runner.train.TrainSettings;
import org.jdml.runner.train.TrainingLoop;

/**
 * The evaluation a run would report before its first step: the network as initialised from the
 * run's seed, evaluated as after an epoch. The "untrained network" rows of BENCHMARKS.md.
 *
 * <pre>java -cp &lt;runner classpath&gt; org.jdml.bench.UntrainedEvaluation RUN.conf [KEY=VALUE ...]</pre>
 */
public final class UntrainedEvaluation {

    private UntrainedEvaluation() {}

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: UntrainedEvaluation RUN.conf [KEY=VALUE ...]");
            System.exit(2);
        }
        List<String> sets = Arrays.asList(args).subList(1, args.length);
        Environment environment = Environment.load(RunConfigLoader.of(Optional.of(Path.of(args[0])), sets));
        Config config = environment.config();
        int gpus = EngineSetup.start(config);
        TrainSettings settings = TrainSettings.of(config,
                org.jdml.api.config.References.of(environment.registries().classLoader()), gpus);
        try (NDManager manager = NDManager.newBaseManager()) {
            RunComponents components = new ComponentAssembler(config, environment.registries(), manager,
                    Optional.of(settings.facts()), Optional.of(settings.modelRecipe(EmbeddingModel.Start.FRESH)))
                    .assemble();
            try (TrainingLoop loop = new TrainingLoop(components, settings, manager)) {
                RunEvaluation.Outcome outcome = new RunEvaluation(config, components.dataset(), loop.embedder(),
                        manager, settings.loop().progress()).evaluate();
                System.out.printf(Locale.ROOT, "untrained network, evaluation %.1f s%n", outcome.seconds());
                outcome.metrics().forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-12s %.4f%n", k, v));
            }
        }
    }
}
