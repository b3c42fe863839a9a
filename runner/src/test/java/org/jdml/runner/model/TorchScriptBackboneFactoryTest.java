package org.jdml.runner.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.jdml.api.ComponentKind;
import org.jdml.api.model.BackboneFactory;
import org.jdml.testkit.ComponentContract;
import org.junit.jupiter.api.Test;

/**
 * Uses {@code torchscript/tiny-mlp.pt} from the test resources: Linear(16, 12)-BatchNorm1d-ReLU-
 * Linear(12, 8), scripted by torch 1.13 ({@code make-tiny-mlp.py} beside it).
 */
class TorchScriptBackboneFactoryTest extends ComponentContract<Block, BackboneFactory> {

    static Path tinyMlp() {
        try {
            return Path.of(TorchScriptBackboneFactoryTest.class.getResource("/torchscript/tiny-mlp.pt").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected ComponentKind<BackboneFactory> kind() {
        return ComponentKind.BACKBONE;
    }

    @Override
    protected BackboneFactory factory() {
        return new TorchScriptBackboneFactory();
    }

    @Override
    protected Map<String, Object> requiredSettings() {
        return Map.of("path", tinyMlp().toString());
    }

    @Override
    protected Map<String, Object> badValues() {
        return Map.of("path", "no/such/model.pt");
    }

    @Test
    void theScriptedModuleTrainsEndToEndUnderTheEmbeddingHead() {
        EmbeddingNetwork network = new EmbeddingNetwork(createWithDefaults(), 4, true);
        network.initialize(manager, DataType.FLOAT32, new Shape(6, 16));
        Parameter fc1 = network.getParameters().values().stream().filter(p -> p.getName().equals("fc1.weight"))
                .findFirst().orElseThrow();
        assertThat(fc1.requiresGradient()).isTrue();
        assertThat(fc1.getArray().getShape()).isEqualTo(new Shape(12, 16));
        ParameterStore store = new ParameterStore(manager, false);
        NDArray x = manager.randomNormal(new Shape(6, 16));
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray e = network.forward(store, new NDList(x), true).singletonOrThrow();
            assertThat(e.getShape()).isEqualTo(new Shape(6, 4));
            collector.backward(e.get(":, 0").sum());
        }
        assertThat(fc1.getArray().getGradient().abs().sum().getFloat()).isPositive();
        // batch norm: batch statistics in training mode, running statistics in evaluation mode
        NDArray training = network.forward(store, new NDList(x), true).singletonOrThrow();
        NDArray evaluation = network.forward(store, new NDList(x), false).singletonOrThrow();
        assertThat(training.sub(evaluation).abs().max().getFloat()).isGreaterThan(1e-4f);
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
