package org.jdml.runner.guice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import com.google.inject.AbstractModule;
import com.google.inject.Injector;
import com.google.inject.Provides;
import com.google.inject.util.Modules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.runner.assembly.Environment;
import org.jdml.runner.config.RunConfigLoader;
import org.jdml.runner.engine.EngineSetup;
import org.jdml.runner.train.StepResult;
import org.jdml.runner.train.TrainingListener;
import org.jdml.runner.train.TrainingRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingModuleTest {

    @TempDir
    Path dir;

    private Environment environment(String... more) throws IOException {
        Files.createDirectories(dir.resolve("plugins"));
        List<String> sets = new ArrayList<>(List.of("jdml.dataset.name=synthetic",
                "jdml.dataset.synthetic.items-per-class=20", "jdml.backbone.name=mlp", "jdml.model.embedding-size=8",
                "jdml.sampler.m-per-class.m=4", "jdml.loss.name=test-pairs", "jdml.train.batch-size=16",
                "jdml.train.progress=false", "jdml.eval.progress=false", "jdml.run.name=guice",
                "jdml.run.dir=\"" + dir.resolve("runs") + "\"", "jdml.plugins.dir=\"" + dir.resolve("plugins") + "\""));
        sets.addAll(List.of(more));
        return Environment.load(RunConfigLoader.of(Optional.empty(), sets));
    }

    @Test
    void theInjectorRunsTrainingAndTestsCanSwapTheListeners() throws IOException {
        List<Long> heard = new ArrayList<>();
        TrainingListener recorder = new TrainingListener() {
            @Override
            public void onIteration(StepResult step) {
                heard.add(step.iteration());
            }
        };
        Injector injector = Injectors.create(Modules.override(new ConfigModule(environment(), EngineSetup.start(1)),
                new ComponentModule(), new TrainingModule(Optional.empty())).with(new AbstractModule() {
                    @Provides
                    List<TrainingListener> listeners() {
                        return List.of(recorder);
                    }
                }));
        try (NDManager manager = Injectors.get(injector, NDManager.class)) {
            TrainingRun.Summary summary = Injectors.get(injector, TrainingRun.class).run();
            assertThat(summary.iterations()).isEqualTo(10);
            assertThat(heard).hasSize(10).startsWith(0L).endsWith(9L);
            assertThat(summary.folder().dir()).isEqualTo(dir.resolve("runs/guice"));
        }
    }

    @Test
    void configurationProblemsComeOutOfTheInjectorUnwrapped() throws IOException {
        Environment bad = environment("jdml.train.epochs=0", "jdml.sampler.m-per-class.m=5",
                "jdml.model.embedding-size=0");
        assertThatThrownBy(() -> Injectors.create(new ConfigModule(bad, 0), new ComponentModule(),
                new TrainingModule(Optional.empty())))
                .isInstanceOf(JdmlConfigurationException.class)
                .hasMessageContaining("'jdml.train.epochs': must be >= 1")
                .hasMessageContaining("jdml.sampler.m-per-class.m")
                // checked by the assembler and the training settings alike, reported once
                .satisfies(e -> assertThat(((JdmlConfigurationException) e).problems())
                        .filteredOn(p -> p.contains("'jdml.model.embedding-size'")).hasSize(1));
        assertThat(dir.resolve("runs")).doesNotExist();
    }
}
