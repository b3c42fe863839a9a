package org.jdml.runner.train;

import ai.djl.Device;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns {@code jdml.run.device} into a DJL {@link Device}, checking that a named GPU exists. */
public final class Devices {

    private static final Pattern GPU = Pattern.compile("gpu(?::(\\d+))?");

    private Devices() {}

    /**
     * @param spec auto, cpu, gpu (= gpu:0) or gpu:N
     * @param gpuCount GPUs the engine sees
     * @param problem told what is wrong; the CPU stands in for a bad value
     */
    public static Device parse(String spec, int gpuCount, Consumer<String> problem) {
        if (spec.equals("auto")) {
            return gpuCount > 0 ? Device.gpu(0) : Device.cpu();
        }
        if (spec.equals("cpu")) {
            return Device.cpu();
        }
        Matcher gpu = GPU.matcher(spec);
        if (!gpu.matches()) {
            problem.accept("must be auto, cpu, gpu or gpu:N (N = 0, 1, ...), was '" + spec + "'");
            return Device.cpu();
        }
        int id = gpu.group(1) == null ? 0 : Integer.parseInt(gpu.group(1));
        if (id >= gpuCount) {
            problem.accept("names GPU " + id + " but the engine sees " + (gpuCount == 0 ? "no GPU"
                    : gpuCount + " GPU(s), gpu:0 to gpu:" + (gpuCount - 1))
                    + " (a CUDA build of the PyTorch native library is needed for GPUs; see docs/training.md)"
                    + ", was '" + spec + "'");
            return Device.cpu();
        }
        return Device.gpu(id);
    }
}
