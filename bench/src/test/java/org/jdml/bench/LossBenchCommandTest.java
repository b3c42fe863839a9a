package org.jdml.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jdml.runner.Jdml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LossBenchCommandTest {

    @Test
    void timesALinearLossIntoTheLargerBatchesAndWritesItsSection(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("BENCHMARKS.md");
        Files.writeString(out, "# Benchmarks\n\n## Evaluation\n\nkept\n");
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        CommandLine line = Jdml.commandLine();
        StringWriter text = new StringWriter();
        line.setOut(new PrintWriter(text));
        int code = line.execute("bench", "loss", "--plugins", plugins.toString(),
                "--losses", "centroid-bound", "--batch-sizes", "16,32", "--extended-batch-sizes", "64",
                "--linear-slope", "10", "--warmup", "1", "--repeats", "2", "--thread-cpu",
                "--out", out.toString());
        assertThat(code).isZero();
        String file = Files.readString(out);
        assertThat(file).startsWith("# Benchmarks\n\n## Evaluation\n\nkept\n\n## Loss cost against batch size\n")
                .contains("| loss | miner | B=16 | B=32 | B=64 | slope | end slope |")
                .containsPattern("\\| centroid-bound \\| \\(all\\) \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\| -?[0-9.]+ \\| "
                        + "-?[0-9.]+ \\|");
        assertThat(text.toString()).contains("## Loss cost against batch size");
    }

    @Test
    void tableShowsMissingSizesAndNotes() {
        LossCostBench.Row linear = new LossCostBench.Row("proxy-nca", "", new int[] {64, 128},
                new double[] {0.001, 0.002}, "");
        LossCostBench.Row cubic = new LossCostBench.Row("triplet", "batch-hard", new int[] {64},
                new double[] {0.25}, "stopped before B=128 (predicted 40.0 s per step)");
        String table = LossCostBench.table(List.of(linear, cubic), new int[] {64, 128});
        assertThat(table).isEqualTo("| loss | miner | B=64 | B=128 | slope | end slope |\n"
                + "|---|---|---:|---:|---:|---:|\n"
                + "| proxy-nca | (all) | 1.00 | 2.00 | 1.00 | 1.00 |\n"
                + "| triplet | batch-hard | 250 | – | – | – | stopped before B=128 (predicted 40.0 s per step)\n");
    }

    @Test
    void endSlopeUsesTheTwoLargestBatches() {
        // 1 ms at 64 and 2 ms at 128 (fixed costs still show), then 8 times more at 256: cubic
        LossCostBench.Row row = new LossCostBench.Row("triplet", "", new int[] {64, 128, 256},
                new double[] {0.001, 0.002, 0.016}, "");
        assertThat(row.endSlope()).isEqualTo(3.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(row.slope()).isLessThan(row.endSlope());
    }

    @Test
    void embeddingsAreUnitVectorsAndLabelsBalanced() {
        float[] x = LossCostBench.embeddings(10, 4, 3, 1);
        for (int i = 0; i < 10; i++) {
            double norm = 0;
            for (int j = 0; j < 4; j++) {
                norm += x[i * 4 + j] * x[i * 4 + j];
            }
            assertThat(norm).isBetween(1 - 1e-6, 1 + 1e-6);
        }
        assertThat(LossCostBench.labels(8, 4)).containsExactly(0, 1, 2, 3, 0, 1, 2, 3);
        assertThat(LossCostBench.median(List.of(3.0, 1.0, 2.0, 10.0))).isEqualTo(2.5);
    }
}
