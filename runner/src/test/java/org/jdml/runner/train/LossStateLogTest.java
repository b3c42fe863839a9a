package org.jdml.runner.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jdml.report.ReportWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A loss's epoch state (here SoftTriple's distinct centres) in metrics.jsonl and in the report. */
class LossStateLogTest {

    @TempDir
    Path runs;

    @Test
    void everyEpochLineCarriesTheLossStateAndTheReportShowsIt() throws IOException {
        Config config = TrainingFixtures.config("jdml.run.dir = \"" + runs + "\"", "jdml.run.name = centres",
                "jdml.loss.name = softtriple", "jdml.loss.softtriple { centers-per-class = 3 }");
        try (NDManager manager = NDManager.newBaseManager()) {
            new TrainingRun(TrainingFixtures.components(config, manager), TrainingFixtures.settings(config),
                    RunFolder.create(config), manager, config, List.of(), ReportWriter::write, false).run();
        }
        List<JsonObject> epochs = Files.readAllLines(runs.resolve("centres/metrics.jsonl")).stream()
                .map(l -> JsonParser.parseString(l).getAsJsonObject())
                .filter(o -> o.get("type").getAsString().equals("epoch")).toList();
        assertThat(epochs).hasSize(2);
        for (JsonObject epoch : epochs) {
            JsonObject state = epoch.getAsJsonObject("loss-state");
            assertThat(state.get("distinct-centres-mean").getAsDouble()).isBetween(1.0, 3.0);
            assertThat(state.get("distinct-centres-min").getAsDouble())
                    .isLessThanOrEqualTo(state.get("distinct-centres-max").getAsDouble());
        }
        String report = Files.readString(runs.resolve("centres/report.html"));
        assertThat(report).contains("<h2>Loss state per epoch</h2>").contains("<th>distinct-centres-mean</th>");
    }

    @Test
    void aLossWithoutStateWritesNone() throws IOException {
        Config config = TrainingFixtures.config("jdml.run.dir = \"" + runs + "\"", "jdml.run.name = none",
                "jdml.train.epochs = 1");
        try (NDManager manager = NDManager.newBaseManager()) {
            new TrainingRun(TrainingFixtures.components(config, manager), TrainingFixtures.settings(config),
                    RunFolder.create(config), manager, config, List.of(), ReportWriter::write, false).run();
        }
        assertThat(Files.readString(runs.resolve("none/metrics.jsonl"))).doesNotContain("loss-state");
        assertThat(Files.readString(runs.resolve("none/report.html"))).doesNotContain("Loss state per epoch");
    }
}
