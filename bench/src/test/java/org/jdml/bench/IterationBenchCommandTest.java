package org.jdml.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdml.runner.cli.TrainCommandTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IterationBenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void theSectionIsReplacedInPlaceOrAppendedAndTheRestIsKept() throws IOException {
        Path file = dir.resolve("BENCHMARKS.md");
        IterationBenchCommand.replaceSection(file, "## Training iteration\n\nfirst\n");
        assertThat(Files.readString(file)).isEqualTo("# Benchmarks\n\n## Training iteration\n\nfirst\n");
        Files.writeString(file, "# Benchmarks\n\n## Loss\n\nloss table\n\n## Training iteration\n\nold\n\n## Later\n\nkept\n");
        IterationBenchCommand.replaceSection(file, "## Training iteration\n\nnew\n");
        assertThat(Files.readString(file)).isEqualTo(
                "# Benchmarks\n\n## Loss\n\nloss table\n\n## Training iteration\n\nnew\n\n## Later\n\nkept\n");
        Files.writeString(file, "# Benchmarks\n\n## Loss\n\nloss table\n");
        IterationBenchCommand.replaceSection(file, "## Training iteration\n\nnew\n");
        assertThat(Files.readString(file)).isEqualTo("# Benchmarks\n\n## Loss\n\nloss table\n\n## Training iteration\n\nnew\n");
    }

    @Test
    void aSmallBenchmarkPrintsOneRowPerLossAndThreadCount() {
        List<String> sets = new ArrayList<>(TrainCommandTest.SMALL);
        sets.remove("jdml.loss.name=test-pairs");
        Path out = dir.resolve("BENCHMARKS.md");
        TrainCommandTest.Result result = TrainCommandTest.run(dir, sets, "bench", "iteration", "--threads", "1",
                "--iterations", "5", "--warmup", "2", "--losses", "triplet,proxy-nca", "--out", out.toString());
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("| triplet (batch-all) | 1 |").contains("| triplet + batch-hard | 1 |")
                .contains("| proxy-nca | 1 |").doesNotContain("| softtriple |").contains("Evaluation (embed");
        assertThat(out).content().startsWith("# Benchmarks\n\n## Training iteration\n").contains("| proxy-nca | 1 |");
    }

    @Test
    void eachWayOfComputingGetsItsRowsBesideFloat32sAndItsOwnEvaluation() {
        List<String> sets = new ArrayList<>(TrainCommandTest.SMALL);
        sets.remove("jdml.loss.name=test-pairs");
        TrainCommandTest.Result result = TrainCommandTest.run(dir, sets, "bench", "iteration", "--threads", "1",
                "--iterations", "3", "--warmup", "1", "--losses", "proxy-nca", "--compute", "fp32,fp32+channels-last");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("| proxy-nca | fp32 | 1 |").contains("| proxy-nca | fp32+channels-last | 1 |")
                .containsPattern("\\| proxy-nca \\| fp32 \\| 1 \\| [0-9.]+ \\| 1.00 x \\|")
                .containsPattern("s in fp32, [0-9.]+ s in fp32\\+channels-last\\.");
        TrainCommandTest.Result bad = TrainCommandTest.run(dir, sets, "bench", "iteration", "--compute", "fp8");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("'fp8' is not a precision");
    }
}
