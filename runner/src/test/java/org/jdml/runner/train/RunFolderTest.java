package org.jdml.runner.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jdml.api.config.JdmlConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {

    @TempDir
    Path runs;

    @Test
    void anUnnamedRunIsNamedAfterItsLossAndTheTimeAndAnOccupiedFolderIsRefused() throws IOException {
        Config unnamed = TrainingFixtures.config("jdml.run.dir = \"" + runs + "\"");
        RunFolder folder = RunFolder.create(unnamed);
        assertThat(folder.name()).matches("test-pairs-\\d{8}-\\d{6}");
        assertThat(RunFolder.create(unnamed).name()).isNotEqualTo(folder.name());

        Config named = TrainingFixtures.config("jdml.run.dir = \"" + runs + "\"", "jdml.run.name = mine");
        RunFolder mine = RunFolder.create(named);
        Files.writeString(mine.metrics(), "{}\n");
        assertThatThrownBy(() -> RunFolder.create(named)).isInstanceOf(JdmlConfigurationException.class)
                .hasMessageContaining("already holds a run").hasMessageContaining("--resume mine");
    }

    @Test
    void theWrittenConfigReadsBackToTheSameSettingsAndRunsAreFoundByNameOrPath() {
        Config config = TrainingFixtures.config("jdml.run.dir = \"" + runs + "\"", "jdml.run.name = \"a b\"",
                "jdml.train.learning-rate = 0.0123");
        RunFolder folder = RunFolder.create(config);
        folder.writeConfig(config);
        Config back = ConfigFactory.parseFile(folder.config().toFile()).resolve();
        assertThat(back.getConfig("jdml").root().unwrapped()).isEqualTo(config.getConfig("jdml").root().unwrapped());
        assertThat(RunFolder.existing("a b", runs).dir()).isEqualTo(folder.dir());
        assertThat(RunFolder.existing(folder.dir().toString(), Path.of("elsewhere")).dir()).isEqualTo(folder.dir());
        assertThatThrownBy(() -> RunFolder.existing("missing", runs)).isInstanceOf(JdmlConfigurationException.class)
                .hasMessageContaining("No run folder 'missing'");
    }
}
