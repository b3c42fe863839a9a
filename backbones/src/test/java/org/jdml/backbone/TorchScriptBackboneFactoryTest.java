package org.jdml.backbone;

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
        Block network = createWithDefaults();
        network.initialize(manager, DataType.FLOAT32, new Shape(6, 16));
        Parameter fc1 = network.getParameters().values().stream().filter(p -> p.getName().equals("fc1.weight"))
                .findFirst().orElseThrow();
        assertThat(fc1.requiresGradient()).isTrue();
        assertThat(fc1.getArray().getShape()).isEqualTo(new Shape(12, 16));
        ParameterStore store = new ParameterStore(manager, false);
        NDArray x = manager.randomNormal(new Shape(6, 16));
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray e = network.forward(store, new NDList(x), true).singletonOrThrow();
            assertThat(e.getShape()).isEqualTo(new Shape(6, 8));
            collector.backward(e.get(":, 0").sum());
        }
        assertThat(fc1.getArray().getGradient().abs().sum().getFloat()).isPositive();
        // batch norm: batch statistics in training mode, from the very first pass, running statistics
        // in evaluation mode
        NDArray training = network.forward(store, new NDList(x), true).singletonOrThrow();
        NDArray evaluation = network.forward(store, new NDList(x), false).singletonOrThrow();
        NDArray trainingAgain = network.forward(store, new NDList(x), true).singletonOrThrow();
        assertThat(training.sub(evaluation).abs().max().getFloat()).isGreaterThan(1e-4f);
        assertThat(training.sub(trainingAgain).abs().max().getFloat()).as("batch statistics do not depend on the"
                + " running ones").isLessThan(1e-5f);
    }
}
