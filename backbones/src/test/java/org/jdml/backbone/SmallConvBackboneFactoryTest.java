package org.jdml.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import org.jdml.api.ComponentKind;
import org.jdml.api.model.BackboneFactory;
import org.jdml.testkit.ComponentContract;
import org.junit.jupiter.api.Test;

class SmallConvBackboneFactoryTest extends ComponentContract<Block, BackboneFactory> {

    @Override
    protected ComponentKind<BackboneFactory> kind() {
        return ComponentKind.BACKBONE;
    }

    @Override
    protected BackboneFactory factory() {
        return new SmallConvBackboneFactory();
    }

    @Override
    protected Map<String, Object> badValues() {
        return Map.of("channels", List.of(32, 0));
    }

    @Test
    void theBenchmarkNetworkHasTheBenchmarkShapeAndSize() {
        Block network = createWithDefaults();
        network.initialize(manager, DataType.FLOAT32, new Shape(4, 1, 28, 28));
        NDArray out = network.forward(new ParameterStore(manager, false),
                new NDList(manager.randomNormal(new Shape(4, 1, 28, 28))), false).singletonOrThrow();
        assertThat(out.getShape()).as("global average pooling of the last block").isEqualTo(new Shape(4, 128));
        // Conv 1x32x9+32, 32x64x9+64, 64x128x9+128; BN gamma+beta 2x(32+64+128); with the runner's
        // embedding layer (Linear 128x64+64) that is the benchmark's 101,376
        long expected = (9 * 32 + 32) + (32 * 64 * 9 + 64) + (64 * 128 * 9 + 128) + 2 * (32 + 64 + 128);
        assertThat(trainableScalars(network)).isEqualTo(expected).isEqualTo(101_376 - (128 * 64 + 64));
    }

    static long trainableScalars(Block block) {
        return block.getParameters().values().stream().filter(Parameter::requiresGradient)
                .mapToLong(p -> p.getArray().size()).sum();
    }
}
