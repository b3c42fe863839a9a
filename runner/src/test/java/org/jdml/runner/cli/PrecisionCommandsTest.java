package org.jdml.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdml.runner.Jdml;
import org.jdml.runner.cli.TrainCommandTest.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run trained in bfloat16, evaluated on machines with and without it. */
class PrecisionCommandsTest {

    @TempDir
    Path dir;

    /** Runs {@code jdml args} as on a CPU whose cpuinfo lists {@code flags}. */
    private Result onCpu(String flags, List<String> sets, String... args) throws IOException {
        Path cpuinfo = dir.resolve("cpuinfo-" + flags.hashCode());
        Files.writeString(cpuinfo, "model name\t: Test CPU\nflags\t\t: " + flags + "\n");
        System.setProperty("jdml.cpuinfo", cpuinfo.toString());
        try {
            return TrainCommandTest.run(dir.resolve("runs"), sets, args);
        } finally {
            System.clearProperty("jdml.cpuinfo");
        }
    }

    @Test
    void aBfloat16RunEvaluatesInItsPrecisionWhereItRunsAndInFloat32WhereAskedElsewhere() throws IOException {
        List<String> sets = new ArrayList<>(TrainCommandTest.SMALL);
        sets.addAll(List.of("jdml.run.name=low", "jdml.train.epochs=1", "jdml.train.precision=bf16"));
        Result trained = onCpu("avx512f avx512_bf16", sets, "train");
        assertThat(trained.exit()).as(trained.err()).isZero();
        Path run = dir.resolve("runs/low");

        Result here = onCpu("avx512f avx512_bf16", List.of(), "eval", run.toString());
        assertThat(here.exit()).as(here.err()).isZero();

        Result refused = onCpu("avx2", List.of(), "eval", run.toString());
        assertThat(refused.exit()).isEqualTo(Jdml.CONFIGURATION_ERROR);
        assertThat(refused.err()).contains("'jdml.train.precision': 'bf16' cannot run natively on cpu()")
                .contains("Test CPU").doesNotContain("\tat ");

        Result float32 = onCpu("avx2", List.of("jdml.train.embed-precision=fp32"), "eval", run.toString());
        assertThat(float32.exit()).as(float32.err()).isZero();
        // the same model: bfloat16 and float32 embeddings rank the evaluation items nearly alike
        assertThat(recallAt1(float32.out())).isCloseTo(recallAt1(here.out()),
                org.assertj.core.api.Assertions.within(0.05));
    }

    private static double recallAt1(String out) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("recall@1\\s+([0-9.]+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
