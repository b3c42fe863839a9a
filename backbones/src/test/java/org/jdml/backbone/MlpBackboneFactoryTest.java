package org.jdml.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import org.jdml.api.ComponentKind;
import org.jdml.api.model.BackboneFactory;
import org.jdml.testkit.ComponentContract;
import org.junit.jupiter.api.Test;

class MlpBackboneFactoryTest extends ComponentContract<Block, BackboneFactory> {

    @Override
    protected ComponentKind<BackboneFactory> kind() {
        return ComponentKind.BACKBONE;
    }

    @Override
    protected BackboneFactory factory() {
        return new MlpBackboneFactory();
    }

    @Override
    protected Map<String, Object> badValues() {
        return Map.of("hidden", List.of(-1));
    }

    @Test
    void hiddenLayersMapVectorsToTheLastWidth() {
        Block net = create(Map.of("hidden", List.of(32, 12)));
        net.initialize(manager, DataType.FLOAT32, new Shape(5, 7));
        NDArray out = net.forward(new ParameterStore(manager, false), new NDList(manager.ones(new Shape(5, 7))), false)
                .singletonOrThrow();
        assertThat(out.getShape()).isEqualTo(new Shape(5, 12));
    }

    @Test
    void noHiddenLayerPassesTheInputThrough() {
        Block net = create(Map.of("hidden", List.of()));
        net.initialize(manager, DataType.FLOAT32, new Shape(3, 4));
        NDArray x = manager.arange(12f).reshape(3, 4);
        NDArray out = net.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow();
        assertThat(out.toFloatArray()).containsExactly(x.toFloatArray());
    }
}
