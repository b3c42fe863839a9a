package org.jdml.runner.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ParameterIOTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private Block net(int units) {
        Block b = new SequentialBlock().add(Linear.builder().setUnits(units).build()).add(BatchNorm.builder().build());
        b.initialize(manager, DataType.FLOAT32, new Shape(2, 3));
        return b;
    }

    private static byte[] save(Block block) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ParameterIO.write(new DataOutputStream(bytes), block.getParameters().toMap());
        return bytes.toByteArray();
    }

    @Test
    void valuesAndRunningStatisticsComeBackIntoTheSameArrays() throws IOException {
        Block source = net(4);
        source.getParameters().get("02BatchNorm_runningMean").getArray().addi(1.5f);
        byte[] saved = save(source);
        Block target = net(4);
        NDArray weight = target.getParameters().get("01Linear_weight").getArray();
        ParameterIO.read(new DataInputStream(new ByteArrayInputStream(saved)), target.getParameters().toMap(), "it");
        assertThat(target.getParameters().get("01Linear_weight").getArray()).isSameAs(weight);
        assertThat(weight.hasGradient()).isTrue();
        for (String name : source.getParameters().keys()) {
            assertThat(target.getParameters().get(name).getArray().toFloatArray()).as(name)
                    .containsExactly(source.getParameters().get(name).getArray().toFloatArray());
        }
        assertThat(target.getParameters().get("02BatchNorm_runningMean").getArray().toFloatArray()).containsOnly(1.5f);
    }

    @Test
    void aShapeMismatchNamesTheParameterAndBothShapesAndChangesNothing() throws IOException {
        byte[] saved = save(net(4));
        Block other = net(5);
        float[] before = other.getParameters().get("01Linear_bias").getArray().toFloatArray();
        assertThatThrownBy(() -> ParameterIO.read(new DataInputStream(new ByteArrayInputStream(saved)),
                other.getParameters().toMap(), "the model"))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("parameter '01Linear_weight' has shape (4, 3) in the checkpoint but (5, 3) in the model")
                .hasMessageContaining("parameter '01Linear_bias' has shape (4) in the checkpoint but (5) in the model");
        assertThat(other.getParameters().get("01Linear_bias").getArray().toFloatArray()).containsExactly(before);
    }
}
