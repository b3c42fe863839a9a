package org.jdml.runner.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {

    @TempDir
    Path dir;

    @Test
    void linesAreJsonNonFiniteNumbersAreNullAndTheLogCanBeCutBack() throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        Map<String, Double> knobs = new LinkedHashMap<>();
        knobs.put("smart-mining.neighbours", 8.0);
        long cut;
        try (MetricsLog log = new MetricsLog(file)) {
            log.iteration(new StepResult(0, 1, 0.5, 0.25, 1e-3, 2.0, false, knobs), 0.1);
            cut = log.size();
            log.iteration(new StepResult(1, 1, Double.NaN, Double.NaN, 1e-3, Double.POSITIVE_INFINITY, true, Map.of()),
                    0.2);
            log.evaluation(1, 2, Map.of("recall@1", 0.9), 3.0, Map.of("source", "jdml eval"));
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        JsonObject first = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertThat(first.get("type").getAsString()).isEqualTo("iteration");
        assertThat(first.get("loss").getAsDouble()).isEqualTo(0.5);
        assertThat(first.get("active").getAsDouble()).isEqualTo(0.25);
        assertThat(first.getAsJsonObject("knobs").get("smart-mining.neighbours").getAsDouble()).isEqualTo(8.0);
        JsonObject skipped = JsonParser.parseString(lines.get(1)).getAsJsonObject();
        assertThat(skipped.get("loss").isJsonNull()).isTrue();
        assertThat(skipped.get("grad-norm").isJsonNull()).isTrue();
        assertThat(skipped.has("active")).isFalse();
        assertThat(skipped.get("skipped").getAsBoolean()).isTrue();
        JsonObject evaluation = JsonParser.parseString(lines.get(2)).getAsJsonObject();
        assertThat(evaluation.get("source").getAsString()).isEqualTo("jdml eval");
        assertThat(evaluation.getAsJsonObject("metrics").get("recall@1").getAsDouble()).isEqualTo(0.9);

        try (MetricsLog log = new MetricsLog(file)) {
            // the training's own line after the cut goes; jdml eval's line stays, right after the cut
            assertThat(log.truncate(cut)).isEqualTo(1);
            log.iteration(new StepResult(1, 1, 0.4, Double.NaN, 1e-3, 1.0, false, Map.of()), 0.3);
        }
        List<String> after = Files.readAllLines(file);
        assertThat(after).hasSize(3);
        assertThat(after.get(0)).isEqualTo(lines.get(0));
        assertThat(after.get(1)).isEqualTo(lines.get(2));
        assertThat(after.get(2)).contains("\"iteration\":1").contains("\"loss\":0.4");
    }

    @Test
    void anEpochLineGivesTheShareOfItsTimeSpentWaitingForData() throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        try (MetricsLog log = new MetricsLog(file)) {
            // 4 s of iterations, of which 3 of 10 batches waited 1 s in all and the sampler took 0.5 s
            log.epoch(new EpochTiming(2, 10, 4.0, new BatchPipeline.DataWait(10, 3, 1_000_000_000L, 500_000_000L)), 20);
        }
        JsonObject line = JsonParser.parseString(Files.readAllLines(file).get(0)).getAsJsonObject();
        assertThat(line.get("type").getAsString()).isEqualTo("epoch");
        assertThat(line.get("epoch").getAsInt()).isEqualTo(2);
        assertThat(line.get("iteration").getAsLong()).isEqualTo(20);
        assertThat(line.get("seconds").getAsDouble()).isEqualTo(4.0);
        assertThat(line.get("data-wait-share").getAsDouble()).isEqualTo(0.25);
        assertThat(line.get("sampler-share").getAsDouble()).isEqualTo(0.125);
    }
}
