package org.jdml.engine.pytorch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;

class NativePrecisionTest {

    private static final String CPUINFO = """
            processor	: 0
            vendor_id	: GenuineIntel
            model name	: Intel(R) Xeon(R) Platinum 8480+
            flags		: fpu vme avx2 avx512f avx512bw %s
            
            processor	: 1
            model name	: Intel(R) Xeon(R) Platinum 8480+
            flags		: fpu vme avx2 avx512f avx512bw %s
            """;

    private static CpuFeatures cpu(String extraFlags) {
        return CpuFeatures.parse(CPUINFO.formatted(extraFlags, extraFlags), "cpuinfo of a test");
    }

    @Test
    void readsTheModelAndTheFlagsOfTheFirstProcessor() {
        CpuFeatures features = cpu("avx512_bf16 amx_tile");
        assertThat(features.model()).isEqualTo("Intel(R) Xeon(R) Platinum 8480+");
        assertThat(features.flags()).contains("fpu", "avx512bw", "avx512_bf16", "amx_tile").hasSize(7);
    }

    @Test
    void bfloat16NeedsAvx512Bf16OrAmxBf16OnTheCpu() {
        assertThat(NativePrecision.cpuProblem(DataType.BFLOAT16, cpu("avx512_bf16"))).isEmpty();
        assertThat(NativePrecision.cpuProblem(DataType.BFLOAT16, cpu("amx_bf16"))).isEmpty();
        assertThat(NativePrecision.cpuProblem(DataType.BFLOAT16, cpu("avx512_vnni")))
                .hasValueSatisfying(problem -> assertThat(problem).contains("Intel(R) Xeon(R) Platinum 8480+",
                        "avx512_bf16", "amx_bf16", "cpuinfo of a test", "emulate"));
        assertThat(NativePrecision.cpuProblem(DataType.FLOAT32, cpu(""))).isEmpty();
    }

    @Test
    void float16IsRefusedOnEveryCpu() {
        assertThat(NativePrecision.cpuProblem(DataType.FLOAT16, cpu("avx512_bf16 avx512_fp16 amx_fp16")))
                .hasValueSatisfying(problem -> assertThat(problem).contains("Xeon", "float16", "GPU"));
    }

    @Test
    void gpusNeedTensorCoresForFloat16AndAmpereForBfloat16() {
        assertThat(NativePrecision.gpuProblem(DataType.FLOAT16, 0, "70")).isEmpty();
        assertThat(NativePrecision.gpuProblem(DataType.BFLOAT16, 1, "80")).isEmpty();
        assertThat(NativePrecision.gpuProblem(DataType.BFLOAT16, 0, "100")).isEmpty();
        assertThat(NativePrecision.gpuProblem(DataType.FLOAT16, 0, "61"))
                .hasValue("GPU 0 (compute capability 6.1) has no tensor cores for float16 (they need 7.0 or later)");
        assertThat(NativePrecision.gpuProblem(DataType.BFLOAT16, 2, "75")).hasValueSatisfying(problem ->
                assertThat(problem).startsWith("GPU 2 (compute capability 7.5) has no native bfloat16")
                        .endsWith("fp16 runs natively on it"));
    }

    @Test
    void anUnreadableCpuinfoMeansNoFlags() {
        System.setProperty(CpuFeatures.PROPERTY, "/nonexistent/cpuinfo");
        try {
            CpuFeatures features = CpuFeatures.current();
            assertThat(features.flags()).isEmpty();
            assertThat(NativePrecision.cpuProblem(DataType.BFLOAT16, features)).hasValueSatisfying(problem ->
                    assertThat(problem).contains("/nonexistent/cpuinfo (unreadable"));
        } finally {
            System.clearProperty(CpuFeatures.PROPERTY);
        }
    }
}
