package org.jdml.engine.pytorch;

import ai.djl.ndarray.types.DataType;
import java.util.Optional;

/**
 * Which devices compute in float16 and bfloat16 natively, so that training in them is faster than in
 * float32 rather than emulated and slower.
 *
 * <ul>
 *   <li>CPU, bfloat16: the {@code avx512_bf16} or {@code amx_bf16} instructions, which the engine's
 *       oneDNN kernels use for convolutions and matrix products. Without them oneDNN emulates
 *       bfloat16 with AVX-512 float32 arithmetic: with its instruction set held to that
 *       ({@code ONEDNN_MAX_CPU_ISA=AVX512_CORE}) the FMNIST-ZS network's forward and backward pass took
 *       1.1 (channels-last) to 1.4 times as long as in float32, where natively it takes half.
 *   <li>CPU, float16: never. The engine has no fast CPU kernels for float16 convolutions and their
 *       gradients: the FMNIST-ZS network's forward and backward pass took 9 times as long as in
 *       float32 (0.53 against 0.06 s at batch 120 on 2 cores of an AMD EPYC).
 *   <li>GPU, float16: compute capability 7.0 or later (tensor cores).
 *   <li>GPU, bfloat16: compute capability 8.0 or later.
 * </ul>
 */
final class NativePrecision {

    private NativePrecision() {}

    /** Why the CPU cannot train in {@code type} natively, or empty when it can. */
    static Optional<String> cpuProblem(DataType type, CpuFeatures cpu) {
        return switch (type) {
            case FLOAT32 -> Optional.empty();
            case BFLOAT16 -> cpu.has("avx512_bf16") || cpu.has("amx_bf16") ? Optional.empty()
                    : Optional.of("the CPU (" + cpu.model() + ") has no native bfloat16 arithmetic: neither the"
                            + " avx512_bf16 nor the amx_bf16 flag is in " + cpu.source() + ", so the engine would"
                            + " emulate bfloat16, slower than float32 (the FMNIST-ZS network's pass took 1.1 to 1.4"
                            + " times as long)");
            case FLOAT16 -> Optional.of("the CPU (" + cpu.model() + ") has no float16 training kernels in the"
                    + " engine (a forward and backward pass of the FMNIST-ZS network took 9 times as long as in"
                    + " float32); float16 is for GPUs, and bf16 is the CPU's low precision where it has"
                    + " avx512_bf16 or amx_bf16");
            default -> Optional.of(type + " is not a precision to train in");
        };
    }

    /**
     * Why GPU {@code index} of compute capability {@code capability} (DJL's form: major and minor
     * digits run together, "86" for 8.6) cannot train in {@code type} natively, or empty when it can.
     */
    static Optional<String> gpuProblem(DataType type, int index, String capability) {
        int major;
        try {
            major = Integer.parseInt(capability.substring(0, capability.length() - 1));
        } catch (RuntimeException e) {
            return Optional.of("GPU " + index + " reports an unreadable compute capability '" + capability + "'");
        }
        String version = major + "." + capability.charAt(capability.length() - 1);
        return switch (type) {
            case FLOAT32 -> Optional.empty();
            case FLOAT16 -> major >= 7 ? Optional.empty() : Optional.of("GPU " + index + " (compute capability "
                    + version + ") has no tensor cores for float16 (they need 7.0 or later)");
            case BFLOAT16 -> major >= 8 ? Optional.empty() : Optional.of("GPU " + index + " (compute capability "
                    + version + ") has no native bfloat16 arithmetic (it needs 8.0 or later)"
                    + (major >= 7 ? "; fp16 runs natively on it" : ""));
            default -> Optional.of(type + " is not a precision to train in");
        };
    }
}
