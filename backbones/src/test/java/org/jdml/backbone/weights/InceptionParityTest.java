package org.jdml.backbone.weights;

import org.jdml.testkit.PyTorchReference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jdml.api.ComponentHost;
import org.jdml.api.ComponentKind;
import org.jdml.api.HostContext;
import org.jdml.api.model.PretrainedWeights;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * jdml's {@code googlenet} and {@code bninception} with a reference's weights give the reference's
 * features. make-googlenet.py builds torchvision's GoogLeNet (no auxiliary heads; transform_input
 * off and on), make-bninception.py a BN-Inception defined in PyTorch with the module names of
 * pretrainedmodels' weights file; both with random weights and batch-norm statistics, saved with
 * torch.save and converted with tools/pth-to-safetensors.py as a user would. jdml loads the file,
 * must have the reference's parameters one for one with their shapes, and must agree on the
 * evaluation-mode features within float32 tolerance. The inputs are the smallest the layouts take
 * (32 px; 33 as well, an odd size, for the rounding-up poolings). Skipped, and reported so, without
 * python3 and torch.
 */
class InceptionParityTest {

    private static final Path RESOURCES = Path.of("src", "test", "resources");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} transform-input={1} at {2} px")
    @CsvSource({"googlenet, false, 32", "googlenet, true, 32", "googlenet, false, 33", "bninception, false, 32",
            "bninception, false, 33"})
    void featuresMatchTheReferenceInEvaluationMode(String name, boolean transformInput, int size) throws Exception {
        String python = PyTorchReference.python();
        assumeTrue(python != null, PyTorchReference.MISSING);
        String settings;
        if (name.equals("googlenet")) {
            PyTorchReference.run(python, RESOURCES.resolve("torchvision/make-googlenet.py"), transformInput ? "1" : "0",
                    Integer.toString(size), dir.toString());
            settings = "transform-input = " + transformInput + ", ";
        } else {
            PyTorchReference.run(python, RESOURCES.resolve("pretrainedmodels/make-bninception.py"),
                    Integer.toString(size), dir.toString());
            settings = "";
        }
        Path weights = PyTorchReference.convert(python, dir.resolve(name + ".pth"));
        try (NDManager manager = NDManager.newBaseManager()) {
            LayoutBlock backbone = (LayoutBlock) ComponentHost.of(getClass().getClassLoader()).create(
                    ComponentKind.BACKBONE, name, ConfigFactory.parseString("jdml.backbone." + name + " { " + settings
                            + "weights = \"" + weights + "\" }"), HostContext.builder(manager).build());
            Shape input = new Shape(2, 3, size, size);
            backbone.initialize(manager, DataType.FLOAT32, input);
            assertSameParametersAs(backbone, PyTorchReference.state(dir.resolve("state.txt")));
            assertThat(((PretrainedWeights) backbone).loadPretrained()).contains(backbone.layoutName());
            NDArray x = manager.create(PyTorchReference.floats(dir.resolve("input.f32")), input);
            float[] features = backbone.forward(new ParameterStore(manager, false), new NDList(x), false)
                    .singletonOrThrow().toFloatArray();
            PyTorchReference.assertClose(features, PyTorchReference.floats(dir.resolve("features.f32")),
                    backbone.layoutName());
        }
    }

    /** The reference's state_dict, less what the layout leaves out, is jdml's parameters, one for one and shape for shape. */
    private static void assertSameParametersAs(LayoutBlock backbone, Map<String, long[]> state) {
        Layout layout = backbone.layout();
        TreeSet<String> kept = new TreeSet<>(state.keySet());
        kept.removeIf(layout::ignorable);
        assertThat(kept).containsExactlyInAnyOrderElementsOf(layout.referenceNames());
        List<Parameter> parameters = backbone.getParameters().values();
        long referenceScalars = 0;
        for (int i = 0; i < parameters.size(); i++) {
            String name = layout.referenceNames().get(i);
            assertThat(parameters.get(i).getArray().getShape().getShape()).as(name).containsExactly(state.get(name));
            if (parameters.get(i).requiresGradient()) {
                referenceScalars += parameters.get(i).getArray().size();
            }
        }
        long trainable = state.entrySet().stream().filter(e -> !layout.ignorable(e.getKey()))
                .filter(e -> !e.getKey().endsWith(".running_mean") && !e.getKey().endsWith(".running_var"))
                .mapToLong(e -> Arrays.stream(e.getValue()).reduce(1, Math::multiplyExact)).sum();
        assertThat(referenceScalars).as("trainable scalars").isEqualTo(trainable);
    }
}
