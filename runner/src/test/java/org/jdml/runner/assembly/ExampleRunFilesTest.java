package org.jdml.runner.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jdml.runner.config.RunConfigLoader;
import org.junit.jupiter.api.Test;

/**
 * The run files in {@code examples/} parse, name only settings that exist, and build every component
 * they name. The data is swapped for the small synthetic set (the examples' own datasets, FMNIST-ZS
 * and rendered fonts, are exercised by the benchmarks), everything else is the file's.
 */
class ExampleRunFilesTest {

    private static final Path EXAMPLES = Path.of("..", "examples");

    private static RunComponents assemble(String file, NDManager manager) {
        Path run = EXAMPLES.resolve(file);
        assertThat(run).exists();
        Environment environment = Environment.load(RunConfigLoader.of(Optional.of(run), List.of(
                "jdml.dataset.name=synthetic", "jdml.dataset.synthetic.train-classes=40", "jdml.backbone.name=mlp")));
        return new ComponentAssembler(environment.config(), environment.registries(), manager,
                    org.jdml.runner.assembly.RunFacts.readable(environment.config()), Optional.empty()).assemble();
    }

    @Test
    void smartMiningBuildsThePapersSamplerControllerAndLosses() {
        try (NDManager manager = NDManager.newBaseManager()) {
            RunComponents components = assemble("smart-mining.conf", manager);
            assertThat(components.used()).extracting(ComponentInfo::name)
                    .contains("smart-mining", "kappa-fit", "sum");
            assertThat(components.sampler().knobs()).extracting(k -> k.name()).containsExactly("smart-mining.kappa");
            assertThat(components.controller()).isPresent();
            assertThat(components.config().getInt("jdml.train.batch-size") % 3).isZero();
        }
    }

    @Test
    void glyphsNamesOnlyKnownSettings() {
        try (NDManager manager = NDManager.newBaseManager()) {
            RunComponents components = assemble("glyphs.conf", manager);
            assertThat(components.config().getInt("jdml.sampler.m-per-class.m")).isEqualTo(4);
        }
    }

    @Test
    void everyRunFileInTheFolderIsCovered() throws Exception {
        try (var files = Files.list(EXAMPLES)) {
            assertThat(files.filter(f -> f.toString().endsWith(".conf")).map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("smart-mining.conf", "glyphs.conf");
        }
    }
}
