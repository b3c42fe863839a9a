package org.jdml.runner.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import org.jdml.api.ComponentHost;
import org.jdml.api.ComponentKind;
import org.jdml.api.HostContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A TorchScript backbone inside the embedding network, through the runner's checkpoint format. */
public final class TorchScriptCheckpointTest {

    /** The module the backbones module's tests script (make-tiny-mlp.py beside it). */
    public static final Path TINY_MLP = Path.of("..", "backbones", "src", "test", "resources", "torchscript", "tiny-mlp.pt")
            .toAbsolutePath().normalize();

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private ai.djl.nn.Block createWithDefaults() {
        return ComponentHost.of(getClass().getClassLoader()).create(ComponentKind.BACKBONE, "torchscript",
                ConfigFactory.parseString("jdml.backbone.torchscript.path = \"" + TINY_MLP + "\""),
                HostContext.builder(manager).build());
    }

    @Test
    void itsParametersRoundTripThroughACheckpointIntoAFreshlyLoadedModule() throws java.io.IOException {
        EmbeddingNetwork trained = new EmbeddingNetwork(createWithDefaults(), 4, true);
        trained.initialize(manager, DataType.FLOAT32, new Shape(6, 16));
        trained.getParameters().values().forEach(p -> p.getArray().addi(0.5f));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        org.jdml.runner.checkpoint.ParameterIO.write(new java.io.DataOutputStream(bytes), trained.getParameters().toMap());

        EmbeddingNetwork fresh = new EmbeddingNetwork(createWithDefaults(), 4, true);
        fresh.initialize(manager, DataType.FLOAT32, new Shape(6, 16));
        org.jdml.runner.checkpoint.ParameterIO.read(new java.io.DataInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray())), fresh.getParameters().toMap(), "the model");
        NDArray x = manager.randomNormal(new Shape(6, 16));
        ParameterStore store = new ParameterStore(manager, false);
        NDArray a = trained.forward(store, new NDList(x), true).singletonOrThrow();
        NDArray b = fresh.forward(store, new NDList(x), true).singletonOrThrow();
        assertThat(a.sub(b).abs().max().getFloat()).isLessThan(1e-6f);
    }
}
