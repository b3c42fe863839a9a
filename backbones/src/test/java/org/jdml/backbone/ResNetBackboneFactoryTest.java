package org.jdml.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jdml.api.ComponentKind;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.model.BackboneFactory;
import org.jdml.api.model.PretrainedWeights;
import org.jdml.api.model.ReferenceLayout;
import org.jdml.testkit.ComponentContract;
import org.jdml.testkit.TestContext;
import org.junit.jupiter.api.Test;

class ResNetBackboneFactoryTest extends ComponentContract<Block, BackboneFactory> {

    @Override
    protected ComponentKind<BackboneFactory> kind() {
        return ComponentKind.BACKBONE;
    }

    @Override
    protected BackboneFactory factory() {
        return new ResNetBackboneFactory();
    }

    @Override
    protected Map<String, Object> badValues() {
        return Map.of("depth", 19, "width", 0, "stem", "huge", "weights", "/no/such/resnet18.safetensors");
    }

    @Test
    void resNet18HasThePapersParameterCount() {
        Block net = ResNetBackboneFactory.build(18, 64, ResNetBackboneFactory.Stem.IMAGENET);
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
        // torchvision's resnet18 has 11,689,512 parameters, 513,000 of them in the final fc layer
        assertThat(SmallConvBackboneFactoryTest.trainableScalars(net)).isEqualTo(11_689_512L - 513_000L);
        assertThat(net.getOutputShapes(new Shape[] {new Shape(1, 3, 64, 64)})[0]).isEqualTo(new Shape(1, 512));
    }

    @Test
    void resNet50EndsInFourTimesTheLastStagesWidthForAnyImageSize() {
        Block net = ResNetBackboneFactory.build(50, 4, ResNetBackboneFactory.Stem.SMALL);
        net.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 28, 28));
        ParameterStore store = new ParameterStore(manager, false);
        for (int size : new int[] {28, 45}) {
            NDArray out = net.forward(store, new NDList(manager.randomNormal(new Shape(2, 1, size, size))), true)
                    .singletonOrThrow();
            assertThat(out.getShape()).isEqualTo(new Shape(2, 4 * 4 * 8));
        }
    }

    @Test
    void resNet50WidthSixtyFourHasThePapersParameterCount() {
        // torchvision's resnet50 has 25,557,032 parameters, 2,049,000 of them in the final fc layer
        Block net = ResNetBackboneFactory.build(50, 64, ResNetBackboneFactory.Stem.IMAGENET);
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
        assertThat(SmallConvBackboneFactoryTest.trainableScalars(net)).isEqualTo(25_557_032L - 2_049_000L);
    }

    @Test
    void theBlockNamesItsParametersAsTorchvisionWithOrWithoutWeights() throws IOException {
        Block plain = createWithDefaults();
        assertThat(plain).isInstanceOf(ReferenceLayout.class).isNotInstanceOf(PretrainedWeights.class);
        assertThat(((ReferenceLayout) plain).layoutName()).isEqualTo("torchvision resnet18");
        assertThat(((ReferenceLayout) plain).headName()).isEqualTo("fc");
        assertThat(((ReferenceLayout) create(Map.of("stem", "small", "width", 16))).layoutName())
                .isEqualTo("torchvision resnet18 (stem small, width 16)");
        Path file = Files.createTempFile("resnet18", ".safetensors");
        try {
            Block pretrained = create(Map.of("weights", file.toString()));
            assertThat(pretrained).isInstanceOf(PretrainedWeights.class);
            assertThat(pretrained.getParameters().keys()).isEqualTo(plain.getParameters().keys());
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void weightsNeedTorchvisionsStemAndWidth() throws IOException {
        Path file = Files.createTempFile("resnet18", ".safetensors");
        try {
            ComponentSettings settings = TestContext.settings(kind(), factory().name(),
                    overrides(Map.of("weights", file.toString(), "stem", "small", "width", 32)));
            factory().create(settings, context());
            assertThat(settings.problems()).anySatisfy(p -> assertThat(p).contains("must be imagenet with pretrained"))
                    .anySatisfy(p -> assertThat(p).contains("must be 64 with pretrained"));
        } finally {
            Files.delete(file);
        }
    }
}
