package org.jdml.backbone.weights;

import org.jdml.testkit.PyTorchReference;
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
import java.nio.file.Path;
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

    @TempDir
    Path dir;

    @ParameterizedTest(name = "resnet{0}")
    @ValueSource(ints = {18, 50})
    void featuresMatchTorchvisionInEvaluationMode(int depth) throws Exception {
        String python = PyTorchReference.python();
        assumeTrue(python != null, PyTorchReference.MISSING);
        PyTorchReference.run(python, SCRIPT, Integer.toString(depth), dir.toString());
        Path weights = PyTorchReference.convert(python, dir.resolve("resnet" + depth + ".pth"));
        try (NDManager manager = NDManager.newBaseManager()) {
            Block backbone = ComponentHost.of(getClass().getClassLoader()).create(ComponentKind.BACKBONE, "resnet",
                    ConfigFactory.parseString("jdml.backbone.resnet { depth = " + depth + ", weights = \""
                            + weights + "\" }"),
                    HostContext.builder(manager).build());
            backbone.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 64, 64));
            String loaded = ((PretrainedWeights) backbone).loadPretrained();
            assertThat(loaded).contains("torchvision resnet" + depth).contains("the classifier (fc.*)");
            NDArray x = manager.create(PyTorchReference.floats(dir.resolve("input.f32")), new Shape(2, 3, 64, 64));
            float[] features = backbone.forward(new ParameterStore(manager, false), new NDList(x), false)
                    .singletonOrThrow().toFloatArray();
            PyTorchReference.assertClose(features, PyTorchReference.floats(dir.resolve("features.f32")), "torchvision");
        }
    }
}
