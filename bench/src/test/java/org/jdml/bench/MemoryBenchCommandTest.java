package org.jdml.bench;

import org.jdml.runner.cli.TrainCommandTest;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryBenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void readsMemoryAfterEachRequestedIterationAndWritesTheSection() {
        Path out = dir.resolve("BENCHMARKS.md");
        TrainCommandTest.Result result = TrainCommandTest.run(dir, TrainCommandTest.SMALL, "bench", "memory",
                "--at", "6,3", "--out", out.toString());
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("after 3 iterations: resident").contains("after 6 iterations: resident")
                .contains("| 3 | ").contains("| 6 | ").contains("From 3 to 6 iterations the resident size changed by");
        assertThat(result.out()).containsPattern("\\| 3 \\| [1-9][0-9]* \\| \\+0\\.0 % \\| [0-9]+ / [1-9][0-9]* \\|")
                .contains("without -XX:+AlwaysPreTouch").containsPattern("[1-9] intra-op thread");
        assertThat(out).content().startsWith("# Benchmarks\n\n## Memory over a run\n").contains("loss test-pairs");
    }

    @Test
    void iterationCountsBelowOneAreRejected() {
        TrainCommandTest.Result result = TrainCommandTest.run(dir, TrainCommandTest.SMALL, "bench", "memory",
                "--at", "0,5");
        assertThat(result.exit()).isNotZero();
        assertThat(result.err()).contains("--at needs iteration counts >= 1").contains("[0, 5]");
    }
}
