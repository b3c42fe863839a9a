package org.jdml.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the parity tests against PyTorch share: the Python interpreter with torch, running a fixture
 * script, the converter users run on downloaded .pth files (docs/backbones.md), reading the fixtures
 * back, and the float32 tolerance. Paths are relative to a module's folder, as Maven runs tests.
 */
public final class PyTorchReference {

    public static final String MISSING = "python3 with torch and torchvision is not installed (apt-get install"
            + " python3-torch python3-torchvision)";

    private static final Path CONVERTER = Path.of("..", "tools", "pth-to-safetensors.py");

    private PyTorchReference() {}

    /** Debian's interpreter first (a python3 earlier on the PATH may lack its torch), then the PATH's; null if neither has torch. */
    public static String python() {
        for (String candidate : new String[] {"/usr/bin/python3", "python3"}) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import torch, torchvision").redirectErrorStream(true)
                        .start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException | InterruptedException e) {
                // try the next
            }
        }
        return null;
    }

    /** Runs {@code python script args...}, which must succeed. */
    public static void run(String python, Path script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(python, script.toString()));
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("%s finishes", script).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }

    /** Converts a torch.save file to safetensors with tools/pth-to-safetensors.py. */
    public static Path convert(String python, Path pth) throws IOException, InterruptedException {
        Path target = pth.resolveSibling(pth.getFileName().toString().replace(".pth", ".safetensors"));
        run(python, CONVERTER, pth.toString(), target.toString());
        return target;
    }

    public static float[] floats(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(out);
        return out;
    }

    /** state.txt as the fixture scripts write it: each state_dict tensor's name and shape, in order. */
    public static Map<String, long[]> state(Path file) throws IOException {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] parts = line.trim().split(" ");
            shapes.put(parts[0], Arrays.stream(parts).skip(1).mapToLong(Long::parseLong).toArray());
        }
        return shapes;
    }

    /** Equal within float32 rounding: 1e-4 relative to the features' scale, which must not be trivially small. */
    public static void assertClose(float[] features, float[] expected, String reference) {
        assertThat(features).hasSameSizeAs(expected);
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(features[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        assertThat(scale).as("the features are not trivially zero").isGreaterThan(1e-2);
        assertThat(worst).as("largest difference from %s (features up to %s)", reference, scale)
                .isLessThan(1e-4 * Math.max(1, scale));
    }
}
