package org.jdml.loss.softtriple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.jdml.api.ComponentKind;
import org.jdml.api.mining.Tuples;
import org.jdml.testkit.Batches;
import org.jdml.testkit.TestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SoftTripleCentersTest {

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
    void initialCentresAreKaimingUniformAndReproducibleFromTheEngineSeed() {
        // 10 classes x 10 centres: bound 1/sqrt(100) = 0.1
        float[] first = initialized(10, 10, 16, 11).centers().getArray().toFloatArray();
        float[] again = initialized(10, 10, 16, 11).centers().getArray().toFloatArray();
        float[] other = initialized(10, 10, 16, 12).centers().getArray().toFloatArray();
        assertThat(again).containsExactly(first);
        assertThat(other).isNotEqualTo(first);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : first) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(min).isBetween(-0.1f, -0.09f);
        assertThat(max).isBetween(0.09f, 0.1f);
    }

    @Test
    void checkpointsRoundTripAndStayTrainable() throws Exception {
        SoftTripleCenters saved = initialized(4, 3, 8, 1);
        byte[] bytes = save(saved);
        assertThat(bytes[0]).as("the block's version comes first").isEqualTo(SoftTripleCenters.VERSION);

        SoftTripleCenters loaded = initialized(4, 3, 8, 2);
        loaded.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes)));
        assertThat(loaded.centers().getArray().toFloatArray())
                .containsExactly(saved.centers().getArray().toFloatArray());
        assertThat(loaded.centers().getArray().hasGradient()).as("loaded centres require a gradient").isTrue();
    }

    @Test
    void aCheckpointOfAnotherShapeIsRefused() throws Exception {
        byte[] bytes = save(initialized(4, 3, 8, 1));
        SoftTripleCenters other = initialized(4, 2, 8, 1);
        assertThatThrownBy(() -> other.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes))))
                .isInstanceOf(MalformedModelException.class)
                .hasMessageContaining("(12, 8)").hasMessageContaining("(8, 8)");
    }

    @Test
    void aCheckpointOfAnotherVersionIsRefused() throws Exception {
        byte[] bytes = save(initialized(4, 3, 8, 1));
        bytes[0] = (byte) (SoftTripleCenters.VERSION + 1);
        assertThatThrownBy(() -> initialized(4, 3, 8, 1)
                        .loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes))))
                .isInstanceOf(MalformedModelException.class)
                .hasMessageContaining("version");
    }

    @Test
    void forwardGivesTheLossOfTheLoss() {
        SoftTripleLoss loss = loss(4, 3, 8);
        Engine.getInstance().setRandomSeed(0);
        loss.centers().initialize(manager, DataType.FLOAT32, new Shape(12, 8), new Shape(12));
        NDArray e = Batches.embeddings(manager, 12, 8, 7, true);
        NDArray y = Batches.roundRobinLabels(manager, 12, 4);
        NDArray viaBlock = loss.centers().forward(new ParameterStore(manager, false), new NDList(e, y), false)
                .singletonOrThrow();
        assertThat(viaBlock.getShape()).isEqualTo(loss.centers().getOutputShapes(new Shape[] {e.getShape()})[0]);
        assertThat(viaBlock.getFloat()).isEqualTo(loss.compute(e, y, Tuples.all()).loss().getFloat());
    }

    @Test
    void initializingForEmbeddingsOfAnotherSizeFails() {
        assertThatThrownBy(() -> loss(4, 3, 8).centers()
                        .initialize(manager, DataType.FLOAT32, new Shape(16, 6), new Shape(16)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8-dimensional");
    }

    private SoftTripleCenters initialized(int classes, int perClass, int dim, int seed) {
        SoftTripleCenters block = loss(classes, perClass, dim).centers();
        Engine.getInstance().setRandomSeed(seed);
        block.initialize(manager, DataType.FLOAT32, new Shape(16, dim), new Shape(16));
        return block;
    }

    private SoftTripleLoss loss(int classes, int perClass, int dim) {
        return (SoftTripleLoss) TestContext.build(new SoftTripleLossFactory(), ComponentKind.LOSS,
                ConfigFactory.empty().withValue("jdml.loss.softtriple.centers-per-class",
                        ConfigValueFactory.fromAnyRef(perClass)),
                TestContext.builder(manager).trainingClasses(classes).embeddingSize(dim).build());
    }

    private static byte[] save(SoftTripleCenters block) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        }
        return bytes.toByteArray();
    }
}
