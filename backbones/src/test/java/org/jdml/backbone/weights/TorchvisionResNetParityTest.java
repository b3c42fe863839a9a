package org.jdml.backbone.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jdml.api.ComponentHost;
import org.jdml.api.ComponentKind;
import org.jdml.api.HostContext;
import org.jdml.api.model.PretrainedWeights;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * jdml's {@code resnet} with torchvision's weights gives torchvision's features: make-resnet.py builds
 * the torchvision model with random weights (Debian's python3-torch and python3-torchvision) and saves
 * them with torch.save, with a fixed input and its evaluation-mode features; tools/pth-to-safetensors.py
 * converts them as a user would; jdml loads the file into
 * its own network and must agree within float32 tolerance. Skipped, and reported so, without them.
 */
class TorchvisionResNetParityTest {

    private static final Path SCRIPT = Path.of("src", "test", "resources", "torchvision", "make-resnet.py");
    /** The converter users run on downloaded .pth files (docs/backbones.md). */
    private static final Path CONVERTER = Path.of("..", "tools", "pth-to-safetensors.py");

    @TempDir
    Path dir;

    /** Debian's interpreter first (a python3 earlier on the PATH may lack its torch), then the PATH's. */
    static String python() {
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

    @ParameterizedTest(name = "resnet{0}")
    @ValueSource(ints = {18, 50})
    void featuresMatchTorchvisionInEvaluationMode(int depth) throws Exception {
        String python = python();
        assumeTrue(python != null, "python3 with torch and torchvision is not installed (apt-get install"
                + " python3-torch python3-torchvision)");
        Process p = new ProcessBuilder(python, SCRIPT.toString(), Integer.toString(depth), dir.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        Path weights = dir.resolve("resnet" + depth + ".safetensors");
        Process convert = new ProcessBuilder(python, CONVERTER.toString(), dir.resolve("resnet" + depth + ".pth").toString(),
                weights.toString()).redirectErrorStream(true).start();
        String converted = new String(convert.getInputStream().readAllBytes());
        assertThat(convert.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(convert.exitValue()).as(converted).isZero();
        try (NDManager manager = NDManager.newBaseManager()) {
            Block backbone = ComponentHost.of(getClass().getClassLoader()).create(ComponentKind.BACKBONE, "resnet",
                    ConfigFactory.parseString("jdml.backbone.resnet { depth = " + depth + ", weights = \""
                            + weights + "\" }"),
                    HostContext.builder(manager).build());
            backbone.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 64, 64));
            String loaded = ((PretrainedWeights) backbone).loadPretrained();
            assertThat(loaded).contains("the classifier");
            NDArray x = manager.create(floats(dir.resolve("input.f32")), new Shape(2, 3, 64, 64));
            float[] features = backbone.forward(new ParameterStore(manager, false), new NDList(x), false)
                    .singletonOrThrow().toFloatArray();
            float[] expected = floats(dir.resolve("features.f32"));
            assertThat(features).hasSameSizeAs(expected);
            double worst = 0;
            double scale = 0;
            for (int i = 0; i < expected.length; i++) {
                worst = Math.max(worst, Math.abs(features[i] - expected[i]));
                scale = Math.max(scale, Math.abs(expected[i]));
            }
            assertThat(scale).as("the features are not trivially zero").isGreaterThan(1e-2);
            assertThat(worst).as("largest difference from torchvision (features up to %s)", scale)
                    .isLessThan(1e-4 * Math.max(1, scale));
        }
    }

    static float[] floats(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(out);
        return out;
    }
}
