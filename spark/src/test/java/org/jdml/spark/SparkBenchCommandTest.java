package org.jdml.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jdml.runner.Jdml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** jdml spark bench measures both modes in child JVMs and writes its section, the metrics compared. */
class SparkBenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void measuresBothModesAndWritesItsSection() throws IOException {
        Path out = dir.resolve("BENCHMARKS.md");
        Files.writeString(out, "# Benchmarks\n\n## Another section\n\nkept\n");
        CommandLine line = Jdml.commandLine();
        StringWriter console = new StringWriter();
        line.setOut(new PrintWriter(console));
        int exit = line.execute("spark", "bench", "--items", "3000,4000", "--queries", "0,1000", "--per-class", "50",
                "--dim", "16", "--heap", "1g", "--out", out.toString());
        assertThat(exit).as(console.toString()).isZero();
        String written = Files.readString(out);
        assertThat(written).contains("## Another section\n\nkept").contains(SparkBenchCommand.HEADING)
                .contains("| 3,000 | 3,000 | single |").contains("| 3,000 | 3,000 | spark |")
                .contains("| 4,000 | 1,000 | spark |").contains("(R = 49)");
        // the two modes' metrics are compared, and on the same items they are the same
        assertThat(written.split("yes, bit for bit", -1)).hasSize(3);
        assertThat(written).doesNotContain("| NO |");
    }

    @Test
    void syntheticItemsAreUnitVectorsInClasses() {
        Vectors v = SparkBenchCommand.synthetic(250, 8, 100, 3);
        assertThat(v.labels()[0]).isZero();
        assertThat(v.labels()[99]).isZero();
        assertThat(v.labels()[100]).isEqualTo(1);
        assertThat(v.labels()[249]).isEqualTo(2);
        for (int i = 0; i < v.rows(); i++) {
            double norm = 0;
            for (int j = 0; j < v.dim(); j++) {
                norm += v.values()[i * v.dim() + j] * v.values()[i * v.dim() + j];
            }
            assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        }
        assertThat(SparkBenchCommand.synthetic(250, 8, 100, 3).values()).containsExactly(v.values());
    }
}
