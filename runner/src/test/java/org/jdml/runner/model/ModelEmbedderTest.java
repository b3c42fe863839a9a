package org.jdml.runner.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.jdml.api.data.DataSplit;
import org.junit.jupiter.api.Test;

class ModelEmbedderTest {

    /** Eight items of four values each, item i holding i, i+1, i+2, i+3. */
    private static final DataSplit SPLIT = new DataSplit() {
        public int size() {
            return 8;
        }

        public int[] labels() {
            return new int[] {0, 0, 1, 1, 2, 2, 3, 3};
        }

        public Shape itemShape() {
            return new Shape(4);
        }

        public float[] read(int[] indices, boolean augment, Random random) {
            float[] out = new float[indices.length * 4];
            for (int i = 0; i < indices.length; i++) {
                for (int k = 0; k < 4; k++) {
                    out[i * 4 + k] = indices[i] + k;
                }
            }
            return out;
        }
    };

    @Test
    void embeddingInsideAnOpenGradientCollectorRecordsNoGraph() {
        try (NDManager root = NDManager.newBaseManager()) {
            Block net = Linear.builder().setUnits(3).build();
            net.initialize(root, DataType.FLOAT32, new Shape(1, 4));
            net.getParameters().values().forEach(p -> p.getArray().setRequiresGradient(true));
            ParameterStore store = new ParameterStore(root, false);
            ModelEmbedder embedder = new ModelEmbedder(net, store, root, 3);
            NDArray weight = net.getParameters().valueAt(0).getArray();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector();
                    NDManager batch = root.newSubManager()) {
                NDArray inside = embedder.over(SPLIT).embed(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, batch);
                assertThat(inside.getShape()).isEqualTo(new Shape(8, 3));
                // a recorded graph would hold every batch's activations until backward: there is none
                assertThatThrownBy(() -> collector.backward(inside.sum())).isInstanceOf(EngineException.class);
                // while a forward pass after it is recorded again, as the loss's own must be
                NDArray direct = net.forward(store, new NDList(batch.ones(new Shape(2, 4))), true).singletonOrThrow();
                collector.backward(direct.sum());
                try (NDArray gradient = weight.getGradient()) {
                    assertThat(gradient.abs().sum().getFloat()).isEqualTo(2f * 4 * 3);
                }
            }
        }
    }
}
