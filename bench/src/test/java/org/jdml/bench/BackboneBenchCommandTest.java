package org.jdml.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdml.runner.cli.TrainCommandTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackboneBenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void aSmallBenchmarkTimesEachArchitectureAskedForAndWritesItsSection() {
        Path out = dir.resolve("BENCHMARKS.md");
        TrainCommandTest.Result result = TrainCommandTest.run(dir, List.of("jdml.run.threads=1"), "bench", "backbones",
                "--architectures", "resnet18,googlenet", "--size", "32", "--batch", "8", "--iterations", "2",
                "--warmup", "1", "--threads", "1", "--eval-images", "16", "--out", out.toString());
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("32 x 32 crops").doesNotContain("| bninception |");
        Pattern row = Pattern.compile("\\| (resnet18|googlenet) \\| ([0-9.]+) \\| [0-9.]+ - [0-9.]+ \\| ([0-9.]+) \\| "
                + "[0-9.]+ \\| ([0-9.]+) GB \\|");
        Matcher rows = row.matcher(result.out());
        int found = 0;
        while (rows.find()) {
            found++;
            assertThat(Double.parseDouble(rows.group(2))).as("s/step of %s", rows.group(1)).isPositive();
            assertThat(Double.parseDouble(rows.group(3))).as("evaluation of %s", rows.group(1)).isPositive();
            // the engine alone holds more than 100 MB; a JVM-only reading would be far smaller
            assertThat(Double.parseDouble(rows.group(4))).as("peak memory of %s", rows.group(1)).isGreaterThan(0.1);
        }
        assertThat(found).isEqualTo(2);
        assertThat(out).content().contains("## Backbones: training step, evaluation and memory").contains("| googlenet |");
    }

    @Test
    void eachArchitectureIsMeasuredInEachWayOfComputing() {
        TrainCommandTest.Result result = TrainCommandTest.run(dir, List.of("jdml.run.threads=1"), "bench", "backbones",
                "--architectures", "resnet18", "--size", "32", "--batch", "8", "--iterations", "1", "--warmup", "1",
                "--threads", "1", "--eval-images", "16", "--compute", "fp32,fp32+channels-last");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("| architecture | compute | s/step (median) | against fp32 |")
                .containsPattern("\\| resnet18 \\| fp32 \\| [0-9.]+ \\| 1.00 x \\|")
                .containsPattern("\\| resnet18 \\| fp32\\+channels-last \\| [0-9.]+ \\| [0-9.]+ x \\|");
    }
}
