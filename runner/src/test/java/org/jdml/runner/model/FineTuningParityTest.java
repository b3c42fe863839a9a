package org.jdml.runner.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.jdml.api.ComponentHost;
import org.jdml.api.ComponentKind;
import org.jdml.api.HostContext;
import org.jdml.api.engine.EngineAdapter;
import org.jdml.api.model.PretrainedWeights;
import org.jdml.api.model.ReferenceLayout;
import org.jdml.runner.engine.EngineSetup;
import org.jdml.runner.train.SgdOptimizer;
import org.jdml.runner.train.TrainableParameter;
import org.jdml.testkit.PyTorchReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two fine-tuning steps of resnet18 with an embedding layer give PyTorch's weights: batch norm with
 * frozen statistics, the stem frozen, the embedding layer at 10x the learning rate, no weight decay on
 * norms and biases, SGD with momentum (make-finetune-step.py builds the reference with torchvision).
 * Skipped, and reported so, without python3-torch.
 */
class FineTuningParityTest {

    private static final Path SCRIPT = Path.of("src", "test", "resources", "torchvision", "make-finetune-step.py");
    private static final float LEARNING_RATE = 0.05f;

    @TempDir
    Path dir;

    @Test
    void twoStepsWithFrozenBatchNormAndStemMatchPyTorch() throws Exception {
        String python = PyTorchReference.python();
        assumeTrue(python != null, PyTorchReference.MISSING);
        PyTorchReference.run(python, SCRIPT, dir.toString());
        Path before = PyTorchReference.convert(python, dir.resolve("before.pth"));
        Path after = PyTorchReference.convert(python, dir.resolve("after.pth"));
        FineTuning fineTuning = new FineTuning(FineTuning.BatchNormMode.FREEZE_STATISTICS, 1, 10, 1, 1, 0);
        try (NDManager manager = NDManager.newBaseManager()) {
            EmbeddingModel model = new EmbeddingModel.Recipe(new ModelSettings(8, true, WeightInit.TORCH, fineTuning),
                    4, 4, 0, EmbeddingModel.Start.FRESH).build(resnet18(before, manager), new Shape(3, 32, 32), "resnet",
                    "fixture", manager);
            EmbeddingNetwork network = model.network();
            List<Parameter> embedding = new ArrayList<>(network.embedding().getParameters().values());
            float[] fc = PyTorchReference.floats(dir.resolve("embedding-before.f32"));
            embedding.get(0).getArray().set(Arrays.copyOfRange(fc, 0, 8 * 512));
            embedding.get(1).getArray().set(Arrays.copyOfRange(fc, 8 * 512, fc.length));
            List<float[]> stemBefore = stem(network.backbone());

            // the parameters that learn and their groups, as the training loop takes them
            Function<Parameter, FineTuning.Group> groups = fineTuning.groups(network);
            List<TrainableParameter> trainable = new ArrayList<>();
            network.getParameters().toMap().forEach((name, p) -> {
                if (p.requiresGradient()) {
                    FineTuning.Group group = groups.apply(p);
                    trainable.add(new TrainableParameter(name, p, group.learningRate(), group.weightDecay()));
                }
            });
            NDArray x = manager.create(PyTorchReference.floats(dir.resolve("input.f32")), new Shape(4, 3, 32, 32));
            NDArray target = manager.create(PyTorchReference.floats(dir.resolve("target.f32")), new Shape(4, 8));
            try (SgdOptimizer sgd = new SgdOptimizer(trainable, manager, 0.9, false, 0.01)) {
                for (int step = 0; step < 2; step++) {
                    step(model, trainable, sgd, x, target, manager);
                }
            }

            assertThat(stem(network.backbone())).as("the frozen stem").usingRecursiveComparison().isEqualTo(stemBefore);
            Block reference = resnet18(after, manager);
            List<String> names = ((ReferenceLayout) reference).referenceNames();
            List<Parameter> expected = new ArrayList<>(reference.getParameters().values());
            List<Parameter> actual = new ArrayList<>(network.backbone().getParameters().values());
            for (int i = 0; i < names.size(); i++) {
                assertClose(actual.get(i).getArray().toFloatArray(), expected.get(i).getArray().toFloatArray(),
                        names.get(i));
            }
            float[] fcAfter = PyTorchReference.floats(dir.resolve("embedding-after.f32"));
            float[] weights = embedding.get(0).getArray().toFloatArray();
            assertThat(weights).as("the embedding layer learnt").isNotEqualTo(Arrays.copyOfRange(fc, 0, 8 * 512));
            assertClose(weights, Arrays.copyOfRange(fcAfter, 0, 8 * 512), "fc.weight");
            assertClose(embedding.get(1).getArray().toFloatArray(), Arrays.copyOfRange(fcAfter, 8 * 512, fcAfter.length),
                    "fc.bias");
        }
    }

    /** Forward in training mode, loss sum(e * target), backward, one update of every trainable parameter. */
    private static void step(EmbeddingModel model, List<TrainableParameter> trainable, SgdOptimizer sgd, NDArray x,
            NDArray target, NDManager manager) {
        try (NDManager scratch = manager.newSubManager()) {
            try (EngineAdapter.Scope keepAlive = EngineSetup.keepGraphAlive();
                    GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray e = model.network().forward(model.store(), new NDList(x), true).singletonOrThrow();
                collector.backward(e.mul(target).sum());
            }
            for (int i = 0; i < trainable.size(); i++) {
                NDArray gradient = trainable.get(i).parameter().getArray().getGradient();
                gradient.attach(scratch);
                sgd.update(i, gradient, LEARNING_RATE, scratch);
            }
            trainable.forEach(p -> EngineSetup.zeroGradient(p.parameter().getArray()));
        }
    }

    private static Block resnet18(Path weights, NDManager manager) {
        Block backbone = ComponentHost.of(FineTuningParityTest.class.getClassLoader()).create(ComponentKind.BACKBONE,
                "resnet", ConfigFactory.parseString("jdml.backbone.resnet { depth = 18, weights = \"" + weights + "\" }"),
                HostContext.builder(manager).build());
        backbone.initialize(manager, DataType.FLOAT32, new Shape(4, 3, 32, 32));
        ((PretrainedWeights) backbone).loadPretrained();
        return backbone;
    }

    private static List<float[]> stem(Block backbone) {
        ReferenceLayout layout = (ReferenceLayout) backbone;
        List<Parameter> parameters = new ArrayList<>(backbone.getParameters().values());
        List<float[]> values = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            if (layout.stageOf(layout.referenceNames().get(i)).equals("stem")) {
                values.add(parameters.get(i).getArray().toFloatArray());
            }
        }
        assertThat(values).as("stem tensors").hasSize(5);
        return values;
    }

    private static void assertClose(float[] actual, float[] expected, String tensor) {
        assertThat(actual).as(tensor).hasSameSizeAs(expected);
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        assertThat(worst).as("largest difference of %s from PyTorch's (values up to %s)", tensor, scale)
                .isLessThan(1e-5 * Math.max(1, scale));
    }
}
