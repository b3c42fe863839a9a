package org.jdml.runner.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.typesafe.config.ConfigFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdml.api.ComponentHost;
import org.jdml.api.ComponentKind;
import org.jdml.api.HostContext;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.api.engine.EngineAdapter;
import org.jdml.runner.engine.EngineSetup;
import org.jdml.runner.train.SgdOptimizer;
import org.jdml.runner.train.TrainableParameter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The network computing in a low precision or channels-last: what changes (the arithmetic) and what
 * must not (float32 master weights, statistics and gradients; the values, within the precision).
 * Conversions work on every CPU, natively or emulated, so these run everywhere.
 */
class ComputationTest {

    private static final Computation BF16 = new Computation(Precision.BF16, false);
    private static final Computation FP16 = new Computation(Precision.FP16, false);
    private static final Computation CHANNELS_LAST = new Computation(Precision.FP32, true);

    private final EngineAdapter engine = EngineSetup.adapter();
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void theMasterWeightStaysFloat32AndTakesTheStepOfTheBfloat16Gradient() {
        // embedding = w x with x = 1 and w = 1 + 2^-10, which bfloat16 (8 significant bits) holds as 1;
        // loss = embedding^2 / 2, so dloss/dw = w x = 1 in bfloat16 but 1 + 2^-10 in float32
        EmbeddingNetwork network = new EmbeddingNetwork(Blocks.identityBlock(), 1, false);
        network.initialize(manager, DataType.FLOAT32, new Shape(1, 1));
        Parameter weight = network.getParameters().get("02embedding_weight");
        weight.getArray().set(new float[] {1f + 0x1p-10f});
        network.getParameters().get("02embedding_bias").getArray().set(new float[] {0f});
        ParameterStore store = new ParameterStore(manager, false);
        SgdOptimizer sgd = new SgdOptimizer(List.of(new TrainableParameter("model/02embedding_weight", weight, 1f, 1f)),
                manager, 0, false, 0);
        try (NDManager step = manager.newSubManager()) {
            NDArray x = step.create(new float[] {1f}, new Shape(1, 1));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray embedding = network.embed(store, x, true, BF16);
                assertThat(embedding.getDataType()).isEqualTo(DataType.FLOAT32);
                assertThat(embedding.getFloat()).isEqualTo(1f);
                collector.backward(embedding.square().div(2));
            }
            NDArray gradient = weight.getArray().getGradient();
            assertThat(gradient.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(gradient.toFloatArray()).containsExactly(1f);
            sgd.update(0, gradient, 0.5, step);
        }
        // (1 + 2^-10) - 0.5 * 1, exactly: a float32 number that bfloat16 could not hold (it has 0.5 and 0.5 + 2^-8)
        assertThat(weight.getArray().getDataType()).isEqualTo(DataType.FLOAT32);
        assertThat(weight.getArray().toFloatArray()).containsExactly(0.5f + 0x1p-10f);
        assertThat(engine.convert(engine.convert(weight.getArray(), DataType.BFLOAT16), DataType.FLOAT32)
                .toFloatArray()).containsExactly(0.5f);
    }

    @Test
    void aConvolutionalNetworkInBfloat16AgreesWithFloat32WithinItsPrecisionAndKeepsFloat32State() {
        Pass fp32 = pass(Computation.PLAIN);
        Pass bf16 = pass(BF16);
        assertThat(bf16.embeddings).isNotEqualTo(fp32.embeddings); // it did compute in bfloat16
        assertThat(relativeDifference(bf16.embeddings, fp32.embeddings)).isLessThan(0.03);
        for (String name : fp32.gradients.keySet()) {
            assertThat(cosine(bf16.gradients.get(name), fp32.gradients.get(name))).as(name).isGreaterThan(0.99);
        }
        // batch norm's running statistics were updated in float32, by the same batch statistics within bfloat16
        assertThat(bf16.types.values()).containsOnly(DataType.FLOAT32);
        assertThat(relativeDifference(bf16.runningMean, fp32.runningMean)).isLessThan(0.03);
        assertThat(bf16.runningMean).isNotEqualTo(pass(Computation.PLAIN, 0).runningMean);
    }

    @Test
    void float16ComputesToo() {
        Pass fp32 = pass(Computation.PLAIN);
        Pass fp16 = pass(FP16);
        assertThat(fp16.embeddings).isNotEqualTo(fp32.embeddings);
        assertThat(relativeDifference(fp16.embeddings, fp32.embeddings)).isLessThan(0.005);
        assertThat(fp16.types.values()).containsOnly(DataType.FLOAT32);
    }

    @Test
    void channelsLastChangesTheLayoutAndNotTheResult() {
        Pass contiguous = pass(Computation.PLAIN);
        Pass channelsLast = pass(CHANNELS_LAST);
        assertThat(relativeDifference(channelsLast.embeddings, contiguous.embeddings)).isLessThan(1e-5);
        for (String name : contiguous.gradients.keySet()) {
            assertThat(relativeDifference(channelsLast.gradients.get(name), contiguous.gradients.get(name))).as(name)
                    .isLessThan(1e-4);
        }
        assertThat(channelsLast.inputChannelsLast).isTrue();
        assertThat(contiguous.inputChannelsLast).isFalse();
    }

    @Test
    void anEngineModuleAsBackboneIsRefusedInAnythingButPlainFloat32() {
        Block torchscript = ComponentHost.of(getClass().getClassLoader()).create(ComponentKind.BACKBONE, "torchscript",
                ConfigFactory.parseString("jdml.backbone.torchscript.path = \"" + TorchScriptCheckpointTest.TINY_MLP + "\""),
                HostContext.builder(manager).build());
        EmbeddingModel.Recipe recipe = new EmbeddingModel.Recipe(new ModelSettings(4, true, WeightInit.TORCH,
                FineTuning.NONE), 6, 6, 1, EmbeddingModel.Start.FRESH, new Computations(BF16, BF16));
        assertThatThrownBy(() -> recipe.build(torchscript, new Shape(16), "torchscript", "synthetic", manager))
                .isInstanceOf(JdmlConfigurationException.class)
                .hasMessageContaining("jdml.train.precision = bf16")
                .hasMessageContaining("the backbone 'torchscript', an engine module");
    }

    /** What one training pass of the test network left behind. */
    private record Pass(float[] embeddings, Map<String, float[]> gradients, Map<String, DataType> types,
            float[] runningMean, boolean inputChannelsLast) {}

    private Pass pass(Computation computation) {
        return pass(computation, 1);
    }

    /** A seeded conv-BN-ReLU-pool network, {@code passes} training passes over the same seeded images. */
    private Pass pass(Computation computation, int passes) {
        Engine.getInstance().setRandomSeed(11);
        boolean[] channelsLast = {false};
        SequentialBlock backbone = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(8).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(new LambdaBlock(list -> {
                    // the layout the first convolution, batch norm and ReLU produced
                    channelsLast[0] = engine.isChannelsLast(list.singletonOrThrow());
                    return list;
                }))
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(16).build())
                .add(Activation.reluBlock())
                .add(Pool.globalAvgPool2dBlock());
        EmbeddingNetwork network = new EmbeddingNetwork(backbone, 6, true);
        network.initialize(manager, DataType.FLOAT32, new Shape(4, 1, 12, 12));
        network.getParameters().values().forEach(p -> p.getArray().setRequiresGradient(p.requiresGradient()));
        ParameterStore store = new ParameterStore(manager, false);
        NDArray images = manager.randomNormal(new Shape(4, 1, 12, 12));
        float[] embeddings = new float[0];
        for (int p = 0; p < passes; p++) {
            try (NDManager step = manager.newSubManager(); GradientCollector collector =
                    Engine.getInstance().newGradientCollector()) {
                NDArray x = images.duplicate();
                x.attach(step);
                NDArray e = network.embed(store, x, true, computation);
                embeddings = e.toFloatArray();
                // the loss of a pair: the first two embeddings drawn together
                collector.backward(e.get(0).sub(e.get(1)).square().sum());
            }
        }
        Map<String, float[]> gradients = new LinkedHashMap<>();
        Map<String, DataType> types = new LinkedHashMap<>();
        float[] runningMean = null;
        for (var entry : network.getParameters().toMap().entrySet()) {
            NDArray array = entry.getValue().getArray();
            types.put(entry.getKey(), engine.dataType(array));
            // the first convolution's bias has no gradient but rounding noise: batch norm takes the mean out
            if (entry.getValue().requiresGradient() && !entry.getKey().equals("01backbone_01Conv2d_bias")) {
                gradients.put(entry.getKey(), array.getGradient().toFloatArray());
                types.put(entry.getKey() + " gradient", engine.dataType(array.getGradient()));
            }
            if (entry.getKey().endsWith("runningMean")) {
                runningMean = array.toFloatArray();
            }
        }
        return new Pass(embeddings, gradients, types, runningMean, channelsLast[0]);
    }

    private static double relativeDifference(float[] a, float[] b) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (double) (a[i] - b[i]);
            norm += b[i] * (double) b[i];
        }
        return Math.sqrt(diff / norm);
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * (double) b[i];
            na += a[i] * (double) a[i];
            nb += b[i] * (double) b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
