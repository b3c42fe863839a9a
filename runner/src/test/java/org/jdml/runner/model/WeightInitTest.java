package org.jdml.runner.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import org.junit.jupiter.api.Test;

class WeightInitTest {

    private static EmbeddingNetwork network(NDManager manager, WeightInit init) {
        Engine.getInstance().setRandomSeed(3);
        SequentialBlock backbone = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(8).build())
                .add(BatchNorm.builder().build())
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(16).build())
                .add(Pool.globalAvgPool2dBlock());
        EmbeddingNetwork net = new EmbeddingNetwork(backbone, 10, true);
        net.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 28, 28));
        init.apply(net, manager);
        return net;
    }

    private static NDArray parameter(EmbeddingNetwork net, String suffix) {
        for (var entry : net.getParameters()) {
            if (entry.getKey().endsWith(suffix)) {
                return entry.getValue().getArray();
            }
        }
        throw new AssertionError("no parameter ending in " + suffix + " among " + net.getParameters().keys());
    }

    @Test
    void torchDrawsWeightsAndBiasesWithinOneOverTheRootOfTheFanIn() {
        try (NDManager manager = NDManager.newBaseManager()) {
            EmbeddingNetwork net = network(manager, WeightInit.TORCH);
            // second convolution: 8 input channels x 3 x 3 kernel = fan-in 72
            assertUniformWithin(parameter(net, "backbone_03Conv2d_weight"), 1 / Math.sqrt(72));
            assertUniformWithin(parameter(net, "backbone_03Conv2d_bias"), 1 / Math.sqrt(72));
            // embedding layer: 16 features in
            assertUniformWithin(parameter(net, "embedding_weight"), 1 / Math.sqrt(16));
            assertUniformWithin(parameter(net, "embedding_bias"), 1 / Math.sqrt(16));
            // batch norm keeps its ones and zeros
            assertThat(parameter(net, "backbone_02BatchNorm_gamma").toFloatArray()).containsOnly(1f);
            assertThat(parameter(net, "backbone_02BatchNorm_beta").toFloatArray()).containsOnly(0f);
        }
    }

    @Test
    void heNormalLeavesDjlsInitialisation() {
        try (NDManager manager = NDManager.newBaseManager()) {
            EmbeddingNetwork net = network(manager, WeightInit.HE_NORMAL);
            assertThat(parameter(net, "embedding_bias").toFloatArray()).containsOnly(0f);
            float[] w = parameter(net, "backbone_03Conv2d_weight").toFloatArray();
            double variance = 0;
            for (float v : w) {
                variance += v * v;
            }
            variance /= w.length;
            // N(0, 2 / 72) over 1,152 weights: the sample variance is within 20 % of 0.0278
            assertThat(variance).isBetween(0.8 * 2 / 72.0, 1.2 * 2 / 72.0);
        }
    }

    private static void assertUniformWithin(NDArray array, double bound) {
        float[] values = array.toFloatArray();
        float max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        assertThat((double) max).isLessThanOrEqualTo(bound).isGreaterThan(0.5 * bound);
        if (values.length >= 100) {
            double variance = 0;
            for (float v : values) {
                variance += v * v;
            }
            variance /= values.length;
            // uniform in +-b has variance b^2 / 3
            assertThat(variance).isBetween(0.8 * bound * bound / 3, 1.2 * bound * bound / 3);
        }
    }
}
