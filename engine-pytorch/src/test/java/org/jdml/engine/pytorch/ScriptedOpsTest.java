package org.jdml.engine.pytorch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import org.jdml.api.engine.EngineAdapter;
import org.junit.jupiter.api.Test;

class ScriptedOpsTest {

    private final EngineAdapter engine = new PyTorchAdapter();

    @Test
    void bfloat16KeepsEightSignificantBitsAndTheGradientReachesTheFloat32Input() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // bfloat16 has 8 significant bits: after 1 come 1 + 2^-7, 1 + 2^-6. 1 + 2^-9 rounds to 1; 1 + 3 * 2^-8
            // lies half-way between and goes to the even one, 1 + 2^-6
            float[] values = {1f + 0x1p-9f, 1f + 3 * 0x1p-8f, 1f + 0x1p-7f, -2.5f};
            NDArray x = manager.create(values);
            x.setRequiresGradient(true);
            float[] weights = {1f, 2f, 3f, 4f};
            NDArray y;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray low = engine.convert(x, DataType.BFLOAT16);
                assertThat(engine.dataType(low)).isEqualTo(DataType.BFLOAT16);
                y = engine.convert(low.mul(engine.convertLike(manager.create(weights), low)), DataType.FLOAT32);
                assertThat(engine.dataType(y)).isEqualTo(DataType.FLOAT32);
                collector.backward(y.sum());
            }
            // the products are bfloat16 too: 3 (1 + 2^-7) = 3 + 1.5 * 2^-6 lies half-way between 3 + 2^-6 and
            // 3 + 2^-5 (the step is 2^-6 from 2 on) and goes to the even one
            assertThat(y.toFloatArray()).containsExactly(1f, 2f * (1f + 0x1p-6f), 3f + 0x1p-5f, -10f);
            // d(sum w * x)/dx = w, through both conversions, as float32 on the float32 input
            assertThat(x.getGradient().getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(x.getGradient().toFloatArray()).containsExactly(weights);
        }
    }

    @Test
    void float16KeepsElevenSignificantBits() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {1f + 0x1p-10f, 1f + 0x1p-12f, 70000f});
            NDArray back = engine.convert(engine.convert(x, DataType.FLOAT16), DataType.FLOAT32);
            // 1 + 2^-10 is float16's step after 1; 1 + 2^-12 rounds to 1; 70000 is past float16's largest, 65504
            assertThat(back.toFloatArray()).containsExactly(1f + 0x1p-10f, 1f, Float.POSITIVE_INFINITY);
        }
    }

    @Test
    void channelsLastSurvivesTheLayersOfAConvolutionalNetworkAndChangesNoValue() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            // one input channel: such an array is contiguous and channels-last at once until its strides say which
            NDArray images = manager.randomNormal(new Shape(2, 1, 6, 6));
            NDArray weight = manager.randomNormal(new Shape(4, 1, 3, 3));
            NDArray plain = Pool.maxPool2d(Activation.relu(Conv2d.conv2d(images, weight).singletonOrThrow()),
                    new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
            NDArray lastImages = engine.toChannelsLast(images);
            NDArray conv = Conv2d.conv2d(lastImages, engine.toChannelsLast(weight)).singletonOrThrow();
            NDArray pooled = Pool.maxPool2d(Activation.relu(conv), new Shape(2, 2), new Shape(2, 2), new Shape(0, 0),
                    false);
            assertThat(engine.isChannelsLast(lastImages)).isTrue();
            assertThat(engine.isChannelsLast(conv)).isTrue();
            assertThat(engine.isChannelsLast(pooled)).isTrue();
            assertThat(engine.isChannelsLast(Conv2d.conv2d(images.tile(new long[] {1, 4, 1, 1}), weight.tile(new long[] {1, 4, 1, 1}))
                    .singletonOrThrow())).as("a contiguous convolution's output").isFalse();
            assertThat(pooled.getShape()).isEqualTo(plain.getShape());
            float[] expected = plain.toFloatArray();
            float[] actual = pooled.toFloatArray();
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i]).isCloseTo(expected[i], within(1e-5f));
            }
        }
    }

    @Test
    void arraysWhoseNamesDjlWouldReadAsContainersAreConvertedAsThemselves() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {1.5f, 2f});
            x.setName("backbone.weight");
            NDArray y = engine.convert(x, DataType.FLOAT16);
            assertThat(engine.dataType(y)).isEqualTo(DataType.FLOAT16);
            assertThat(engine.convert(y, DataType.FLOAT32).toFloatArray()).containsExactly(1.5f, 2f);
            assertThat(x.getName()).isEqualTo("backbone.weight");
        }
    }
}
