package org.jdml.runner.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.runner.config.RunConfigLoader;
import org.jdml.runner.model.EmbeddingModel;
import org.jdml.runner.model.FineTuning;
import org.jdml.runner.model.ModelSettings;
import org.jdml.runner.model.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentAssemblerTest {

    @TempDir
    Path dir;

    private static Environment environment(Path runFile) {
        return Environment.load(RunConfigLoader.of(Optional.of(runFile), List.of()));
    }

    @Test
    void everyProblemOfEveryComponentIsReportedAtOnceWithItsOrigin() throws IOException {
        Path run = dir.resolve("run.conf");
        Files.writeString(run, """
                jdml.dataset.name = synthetic
                jdml.dataset.synthetic { train-classes = 4, eval-classes = 3, items-per-class = 10 }
                jdml.train.batch-size = 24
                jdml.sampler.m-per-class.m = 7
                jdml.loss.name = tripplet
                jdml.model.embedding-size = 0
                """);
        Environment environment = environment(run);
        try (NDManager manager = NDManager.newBaseManager()) {
            ComponentAssembler assembler = new ComponentAssembler(environment.config(), environment.registries(), manager,
                    org.jdml.runner.assembly.RunFacts.readable(environment.config()), java.util.Optional.empty());
            assertThatThrownBy(assembler::assemble)
                    .isInstanceOf(JdmlConfigurationException.class)
                    .satisfies(e -> {
                        List<String> problems = ((JdmlConfigurationException) e).problems();
                        // the run's own keys (the embedding size) are the training settings' to report
                        assertThat(problems).hasSize(2).noneMatch(p -> p.contains("jdml.model.embedding-size"));
                        assertThat(problems).anySatisfy(p -> assertThat(p)
                                .contains("run.conf: 4").contains("jdml.sampler.m-per-class.m"));
                        assertThat(problems).anySatisfy(p -> assertThat(p)
                                .contains("Unknown loss 'tripplet' at jdml.loss.name (").contains("run.conf: 5)")
                                .contains("Did you mean 'triplet'?"));
                    })
                    .hasMessageStartingWith("2 configuration problems:");
            List<String> settingsProblems = new java.util.ArrayList<>();
            org.jdml.runner.train.TrainSettings.read(environment.config(),
                    org.jdml.api.config.References.of(environment.registries().classLoader()), 0, settingsProblems);
            assertThat(settingsProblems).singleElement().asString().contains("run.conf: 6")
                    .contains("jdml.model.embedding-size");
        }
    }

    @Test
    void aValidRunAssemblesEveryComponentAndRecordsWhatWasUsed() throws IOException {
        Path run = dir.resolve("ok.conf");
        Files.writeString(run, """
                jdml.dataset.name = synthetic
                jdml.train.batch-size = 24
                jdml.sampler.m-per-class.m = 6
                jdml.loss.name = triplet
                jdml.miner.name = batch-hard
                """);
        Environment environment = environment(run);
        Config config = environment.config();
        try (NDManager manager = NDManager.newBaseManager()) {
            RunComponents components = new ComponentAssembler(config, environment.registries(), manager,
                    org.jdml.runner.assembly.RunFacts.readable(config), java.util.Optional.empty()).assemble();
            assertThat(components.miner()).isPresent();
            assertThat(components.controller()).isEmpty();
            assertThat(components.dataset().training().classes()).isEqualTo(8);
            assertThat(components.used()).extracting(ComponentInfo::name)
                    .contains("synthetic", "m-per-class", "batch-hard", "triplet");
            assertThat(components.sampler().nextBatch()).hasSize(24);
        }
    }

    @Test
    void componentsThatEmbedGetTheModelBuiltBeforeThem() throws IOException {
        Path run = dir.resolve("model.conf");
        Files.writeString(run, """
                jdml.dataset.name = synthetic
                jdml.dataset.synthetic { train-classes = 4, eval-classes = 3, items-per-class = 10, dim = 8 }
                jdml.backbone.name = mlp
                jdml.train.batch-size = 8
                jdml.sampler.m-per-class.m = 2
                """);
        Environment environment = environment(run);
        Config config = environment.config();
        EmbeddingModel.Recipe recipe = new EmbeddingModel.Recipe(new ModelSettings(6, true, WeightInit.TORCH, FineTuning.NONE), 8, 5,
                7, EmbeddingModel.Start.FRESH);
        try (NDManager manager = NDManager.newBaseManager()) {
            ComponentAssembler assembler = new ComponentAssembler(config, environment.registries(), manager,
                    RunFacts.readable(config), Optional.of(recipe));
            RunComponents components = assembler.assemble();
            assertThat(components.model().network().backbone()).isSameAs(components.backbone());
            // what a sampler's context hands out embeds with the model now, not once training starts
            NDArray viaContext = new RunContext(assembler, "sampler:probe").embedder().embed(new int[] {0, 3, 9}, manager);
            NDArray direct = components.model().embedder().embed(components.dataset().training(), new int[] {0, 3, 9},
                    manager, done -> {});
            assertThat(viaContext.getShape().getShape()).containsExactly(3, 6);
            assertThat(viaContext.toFloatArray()).containsExactly(direct.toFloatArray());
        }
    }

    @Test
    void withoutAModelAComponentThatEmbedsIsToldWhyNamingItself() throws IOException {
        Path run = dir.resolve("validate.conf");
        Files.writeString(run, "jdml.dataset.name = synthetic\njdml.backbone.name = mlp\n");
        Environment environment = environment(run);
        try (NDManager manager = NDManager.newBaseManager()) {
            ComponentAssembler assembler = new ComponentAssembler(environment.config(), environment.registries(),
                    manager, RunFacts.readable(environment.config()), Optional.empty());
            RunComponents components = assembler.assemble();
            assertThat(components.model()).isNull();
            assertThatThrownBy(() -> new RunContext(assembler, "sampler:probe").embedder().embed(new int[] {0}, manager))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("sampler:probe").hasMessageContaining("settings have problems");
        }
    }
}
