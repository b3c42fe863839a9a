package org.jdml.runner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.api.config.Origins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunConfigLoaderTest {

    @TempDir
    Path dir;

    @AfterEach
    void clearProperties() {
        System.clearProperty("jdml.run.seed");
        // Typesafe Config caches system properties: forget ours so later tests see the defaults
        com.typesafe.config.ConfigFactory.invalidateCaches();
    }

    private Config load(Optional<Path> file, String... sets) {
        return RunConfigLoader.of(file, List.of(sets)).load(getClass().getClassLoader());
    }

    @Test
    void layersFromReferenceToRunFileToSetToSystemProperties() throws IOException {
        Path run = dir.resolve("run.conf");
        Files.writeString(run, "jdml.run.seed = 1\njdml.run.name = from-file\njdml.run.dir = file-runs\n");
        Config defaultsOnly = load(Optional.empty());
        assertThat(defaultsOnly.getLong("jdml.run.seed")).isZero();

        Config layered = load(Optional.of(run), "jdml.run.seed = 2", "jdml.run.name = from-set");
        assertThat(layered.getLong("jdml.run.seed")).isEqualTo(2);
        assertThat(layered.getString("jdml.run.name")).isEqualTo("from-set");
        assertThat(layered.getString("jdml.run.dir")).isEqualTo("file-runs");
        assertThat(Origins.describe(layered.getValue("jdml.run.dir").origin())).endsWith("run.conf: 3");
        assertThat(Origins.describe(layered.getValue("jdml.run.seed").origin())).contains("--set jdml.run.seed");

        System.setProperty("jdml.run.seed", "3");
        com.typesafe.config.ConfigFactory.invalidateCaches();
        assertThat(load(Optional.of(run), "jdml.run.seed = 2").getLong("jdml.run.seed")).isEqualTo(3);
    }

    @Test
    void laterSetWins() {
        assertThat(load(Optional.empty(), "jdml.run.name = a", "jdml.run.name = b").getString("jdml.run.name"))
                .isEqualTo("b");
    }

    @Test
    void missingRunFileAndMalformedSetAreReportedTogether() {
        Path missing = dir.resolve("nope.conf");
        assertThatThrownBy(() -> RunConfigLoader.of(Optional.of(missing), List.of("jdml.run.seed")))
                .isInstanceOf(JdmlConfigurationException.class)
                .hasMessageStartingWith("2 configuration problems:")
                .hasMessageContaining("--set 'jdml.run.seed' is not of the form key=value")
                .hasMessageContaining("The run file " + missing.toAbsolutePath() + " does not exist");
    }

    @Test
    void unparsableRunFileNamesTheFile() throws IOException {
        Path run = dir.resolve("broken.conf");
        Files.writeString(run, "jdml.run { seed = \n");
        assertThatThrownBy(() -> RunConfigLoader.of(Optional.of(run), List.of()))
                .hasMessageContaining("broken.conf");
    }

    @Test
    void pluginsFolderComesFromTheUserLayers() {
        assertThat(RunConfigLoader.of(Optional.empty(), List.of()).pluginsDir()).isEmpty();
        assertThat(RunConfigLoader.of(Optional.empty(), List.of("jdml.plugins.dir = /opt/jdml")).pluginsDir())
                .contains(Path.of("/opt/jdml"));
    }
}
