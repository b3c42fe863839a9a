package org.jdml.runner.train;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns {@code jdml.run.device} into the devices a run trains on, checking that every named GPU
 * exists. The first device is the main one: it holds the parameters, the loss and the optimizer;
 * each further device trains a replica on its slice of the batch ({@link DataParallel}).
 */
public final class Devices {

    private static final Pattern GPU = Pattern.compile("gpu(?::(\\d{1,9}))?");
    private static final String FORMS = "auto, cpu, gpu, gpu:N (N = 0, 1, ...), gpu:all or a list of GPUs such as"
            + " gpu:0,gpu:1";
    private static final String CUDA_HINT = " (a CUDA build of the PyTorch native library is needed for GPUs;"
            + " see docs/training.md)";

    private Devices() {}

    /**
     * @param spec auto (every GPU the engine sees, else the CPU), cpu, gpu (= gpu:0), gpu:N, gpu:all,
     *     or a comma-separated list of GPUs
     * @param gpuCount GPUs the engine sees
     * @param problem told what is wrong; the CPU stands in for a bad value
     * @return the devices, main device first; never empty
     */
    public static List<Device> parse(String spec, int gpuCount, Consumer<String> problem) {
        String trimmed = spec.trim();
        switch (trimmed) {
            case "auto":
                return gpuCount > 0 ? allGpus(gpuCount) : List.of(Device.cpu());
            case "cpu":
                return List.of(Device.cpu());
            case "gpu:all":
                if (gpuCount == 0) {
                    problem.accept("names every GPU but the engine sees none" + CUDA_HINT + ", was '" + spec + "'");
                    return List.of(Device.cpu());
                }
                return allGpus(gpuCount);
            default:
                return gpuList(spec, gpuCount, problem);
        }
    }

    private static List<Device> gpuList(String spec, int gpuCount, Consumer<String> problem) {
        String[] names = spec.split(",", -1);
        List<Device> devices = new ArrayList<>(names.length);
        for (String name : names) {
            Matcher gpu = GPU.matcher(name.trim());
            if (!gpu.matches()) {
                problem.accept(names.length == 1 ? "must be " + FORMS + ", was '" + spec + "'"
                        : "a list names GPUs only (gpu or gpu:N, each once), but '" + name.trim() + "' is not one"
                                + ", was '" + spec + "'");
                return List.of(Device.cpu());
            }
            int id = gpu.group(1) == null ? 0 : Integer.parseInt(gpu.group(1));
            if (id >= gpuCount) {
                problem.accept("names GPU " + id + " but the engine sees " + (gpuCount == 0 ? "no GPU"
                        : gpuCount + " GPU(s), gpu:0 to gpu:" + (gpuCount - 1)) + CUDA_HINT + ", was '" + spec + "'");
                return List.of(Device.cpu());
            }
            if (devices.contains(Device.gpu(id))) {
                problem.accept("names GPU " + id + " twice, was '" + spec + "'");
                return List.of(Device.cpu());
            }
            devices.add(Device.gpu(id));
        }
        return List.copyOf(devices);
    }

    private static List<Device> allGpus(int gpuCount) {
        List<Device> all = new ArrayList<>(gpuCount);
        for (int id = 0; id < gpuCount; id++) {
            all.add(Device.gpu(id));
        }
        return List.copyOf(all);
    }
}
