package org.jdml.runner.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmbeddingNetworkTest {

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
    void normalisedEmbeddingsHaveUnitLength() {
        EmbeddingNetwork network = new EmbeddingNetwork(new SequentialBlock().add(Linear.builder().setUnits(6).build()),
                5, true);
        network.initialize(manager, DataType.FLOAT32, new Shape(4, 3));
        NDArray out = network.forward(new ParameterStore(manager, false),
                new NDList(manager.randomNormal(new Shape(4, 3))), false).singletonOrThrow();
        assertThat(out.getShape()).isEqualTo(new Shape(4, 5));
        float[] norms = out.square().sum(new int[] {1}).sqrt().toFloatArray();
        for (float n : norms) {
            assertThat(n).isCloseTo(1f, within(1e-5f));
        }
        assertThat(network.getParameters().keys()).contains("02embedding_weight", "01backbone_01Linear_weight");
    }

    @Test
    void wideFeaturesAreFlattenedAndUnnormalisedOutputIsLinear() {
        // a backbone that returns (B, 2, 3): the head sees (B, 6)
        SequentialBlock identity = new SequentialBlock().add(x -> x);
        EmbeddingNetwork network = new EmbeddingNetwork(identity, 2, false);
        network.initialize(manager, DataType.FLOAT32, new Shape(3, 2, 3));
        NDArray x = manager.randomNormal(new Shape(3, 2, 3));
        NDArray out = network.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
        NDArray w = network.getParameters().get("02embedding_weight").getArray();
        NDArray b = network.getParameters().get("02embedding_bias").getArray();
        NDArray expected = x.reshape(3, 6).matMul(w.transpose()).add(b);
        assertThat(out.sub(expected).abs().max().getFloat()).isLessThan(1e-5f);
    }
}
