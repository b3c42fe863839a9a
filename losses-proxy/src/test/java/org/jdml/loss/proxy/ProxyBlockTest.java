package org.jdml.loss.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.jdml.api.ComponentKind;
import org.jdml.api.mining.Tuples;
import org.jdml.testkit.Batches;
import org.jdml.testkit.TestContext;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProxyBlockTest {

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
    void initialProxiesAreStandardNormalAndReproducibleFromTheEngineSeed() {
        float[] first = initialized(20, 50, 11).proxies().getArray().toFloatArray();
        float[] again = initialized(20, 50, 11).proxies().getArray().toFloatArray();
        float[] other = initialized(20, 50, 12).proxies().getArray().toFloatArray();
        assertThat(again).containsExactly(first);
        assertThat(other).isNotEqualTo(first);
        double mean = 0;
        double square = 0;
        for (float v : first) {
            mean += v / (double) first.length;
            square += v * (double) v / first.length;
        }
        assertThat(mean).isCloseTo(0, within(0.1));
        assertThat(Math.sqrt(square - mean * mean)).isCloseTo(1, within(0.1));
    }

    @Test
    void checkpointsRoundTripAndStayTrainable() throws Exception {
        ProxyBlock saved = initialized(4, 8, 1);
        byte[] bytes = save(saved);
        assertThat(bytes[0]).as("the block's version comes first").isEqualTo(ProxyBlock.VERSION);

        ProxyBlock loaded = initialized(4, 8, 2);
        loaded.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes)));
        assertThat(loaded.proxies().getArray().toFloatArray())
                .containsExactly(saved.proxies().getArray().toFloatArray());
        assertThat(loaded.proxies().getArray().hasGradient()).as("loaded proxies require a gradient").isTrue();
    }

    @Test
    void aCheckpointOfAnotherShapeIsRefused() throws Exception {
        byte[] bytes = save(initialized(5, 8, 1));
        ProxyBlock other = initialized(4, 8, 1);
        assertThatThrownBy(() -> other.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes))))
                .isInstanceOf(MalformedModelException.class)
                .hasMessageContaining("(5, 8)").hasMessageContaining("(4, 8)");
    }

    @Test
    void aCheckpointOfAnotherVersionIsRefused() throws Exception {
        byte[] bytes = save(initialized(4, 8, 1));
        bytes[0] = (byte) (ProxyBlock.VERSION + 1);
        assertThatThrownBy(() -> initialized(4, 8, 1)
                        .loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes))))
                .isInstanceOf(MalformedModelException.class)
                .hasMessageContaining("version");
    }

    @Test
    void forwardGivesTheLossOfTheLoss() {
        ProxyNcaLoss loss = loss(4, 8);
        Engine.getInstance().setRandomSeed(0);
        loss.proxies().initialize(manager, DataType.FLOAT32, new Shape(12, 8), new Shape(12));
        NDArray e = Batches.embeddings(manager, 12, 8, 7, true);
        NDArray y = Batches.roundRobinLabels(manager, 12, 4);
        NDArray viaBlock = loss.proxies().forward(new ParameterStore(manager, false), new NDList(e, y), false)
                .singletonOrThrow();
        assertThat(viaBlock.getShape()).isEqualTo(loss.proxies().getOutputShapes(new Shape[] {e.getShape()})[0]);
        assertThat(viaBlock.getFloat()).isEqualTo(loss.compute(e, y, Tuples.all()).loss().getFloat());
    }

    @Test
    void initializingForEmbeddingsOfAnotherSizeFails() {
        assertThatThrownBy(() -> loss(4, 8).proxies()
                        .initialize(manager, DataType.FLOAT32, new Shape(16, 6), new Shape(16)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8-dimensional");
    }

    private ProxyBlock initialized(int classes, int dim, int seed) {
        ProxyBlock block = loss(classes, dim).proxies();
        Engine.getInstance().setRandomSeed(seed);
        block.initialize(manager, DataType.FLOAT32, new Shape(16, dim), new Shape(16));
        return block;
    }

    private ProxyNcaLoss loss(int classes, int dim) {
        return (ProxyNcaLoss) TestContext.build(new ProxyNcaLossFactory(), ComponentKind.LOSS, ConfigFactory.empty(),
                TestContext.builder(manager).trainingClasses(classes).embeddingSize(dim).build());
    }

    private static byte[] save(ProxyBlock block) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        }
        return bytes.toByteArray();
    }
}
