package org.jdml.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ComputeChoiceTest {

    @Test
    void readsAPrecisionWithAnOptionalMemoryFormat() {
        assertThat(ComputeChoice.parse("bf16+channels-last")).isEqualTo(new ComputeChoice("bf16", "channels-last"));
        assertThat(ComputeChoice.parse("fp32")).isEqualTo(new ComputeChoice("fp32", "contiguous"));
        assertThat(ComputeChoice.parse("bf16+channels-last").settings()).containsExactly(
                "jdml.train.precision = bf16", "jdml.train.memory-format = channels-last");
        assertThat(ComputeChoice.parse("fp16+contiguous").label()).isEqualTo("fp16");
        for (String bad : new String[] {"fp8", "bf16+nhwc", "bf16+channels-last+x", ""}) {
            assertThatThrownBy(() -> ComputeChoice.parse(bad)).as(bad)
                    .isInstanceOf(picocli.CommandLine.TypeConversionException.class)
                    .hasMessageContaining("e.g. bf16+channels-last");
        }
    }

    @Test
    void theTableComparesEachRowWithTheFloat32RowOfItsLossAndThreads() {
        List<IterationBenchmark.Result> results = List.of(
                new IterationBenchmark.Result("proxy-nca", 2, 0.050, 0.048, 0.052, 0.0, 100, Double.NaN, "fp32"),
                new IterationBenchmark.Result("proxy-nca", 2, 0.030, 0.029, 0.031, 0.0, 100, Double.NaN, "bf16"),
                new IterationBenchmark.Result("proxy-nca", 1, 0.060, 0.059, 0.061, 0.0, 100, Double.NaN, "bf16"));
        String table = IterationBenchmark.table(results);
        assertThat(table).contains("| loss | compute | threads | s/iter (median) | against fp32 |")
                .contains("| proxy-nca | fp32 | 2 | 0.0500 | 1.00 x |")
                .contains("| proxy-nca | bf16 | 2 | 0.0300 | 0.60 x |")
                .contains("| proxy-nca | bf16 | 1 | 0.0600 | - |");
        assertThat(IterationBenchmark.table(results.subList(0, 1))).startsWith("| loss | threads | s/iter (median) |");
    }
}
