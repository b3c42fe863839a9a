package org.jdml.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.jdml.api.ComponentKind;
import org.jdml.api.model.BackboneFactory;
import org.jdml.api.model.PretrainedWeights;
import org.jdml.api.model.ReferenceLayout;
import org.jdml.backbone.nn.ChannelAffine;
import org.jdml.backbone.weights.LayoutBlock;
import org.jdml.testkit.ComponentContract;
import org.junit.jupiter.api.Test;

class GoogLeNetBackboneFactoryTest extends ComponentContract<Block, BackboneFactory> {

    @Override
    protected ComponentKind<BackboneFactory> kind() {
        return ComponentKind.BACKBONE;
    }

    @Override
    protected BackboneFactory factory() {
        return new GoogLeNetBackboneFactory();
    }

    @Override
    protected Map<String, Object> badValues() {
        return Map.of("transform-input", "perhaps", "weights", "/no/such/googlenet.safetensors");
    }

    @Test
    void itHasTorchvisionsParametersLessTheClassifierAndEndsInTenTwentyFourFeatures() {
        Block net = createWithDefaults();
        net.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 32, 32));
        // torchvision's googlenet without auxiliary heads has 6,624,904 parameters, 1,025,000 in fc
        assertThat(SmallConvBackboneFactoryTest.trainableScalars(net)).isEqualTo(6_624_904L - 1_025_000L);
        // 57 convolutions, each with a batch norm: weight; weight, bias, running_mean, running_var
        assertThat(((ReferenceLayout) net).referenceNames()).hasSize(57 * 5).hasSize(net.getParameters().size());
        for (int size : new int[] {15, 32, 33}) {
            assertThat(net.forward(new ParameterStore(manager, false),
                    new NDList(manager.randomNormal(new Shape(2, 3, size, size))), true).singletonOrThrow().getShape())
                    .as("%s px", size).isEqualTo(new Shape(2, GoogLeNet.FEATURES));
        }
    }

    @Test
    void theLayoutNamesStagesAndTheDroppedClassifierAsTorchvisionDoes() {
        ReferenceLayout layout = (ReferenceLayout) createWithDefaults();
        assertThat(layout).isNotInstanceOf(PretrainedWeights.class);
        assertThat(layout.layoutName()).isEqualTo("torchvision googlenet");
        assertThat(layout.headName()).isEqualTo("fc");
        assertThat(layout.stages()).containsExactly("stem", "inception3", "inception4", "inception5");
        assertThat(layout.referenceNames()).startsWith("conv1.conv.weight", "conv1.bn.weight", "conv1.bn.bias",
                "conv1.bn.running_mean", "conv1.bn.running_var")
                .contains("inception3a.branch2.1.conv.weight", "inception4e.branch4.1.bn.running_var")
                .endsWith("inception5b.branch4.1.bn.running_var");
        assertThat(layout.stageOf("conv3.bn.bias")).isEqualTo("stem");
        assertThat(layout.stageOf("inception4c.branch3.0.conv.weight")).isEqualTo("inception4");
        assertThatThrownBy(() -> layout.stageOf("aux1.fc1.weight")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("torchvision googlenet");
    }

    @Test
    void transformInputRescalesImageNetNormalisedInputWithoutAddingParameters() {
        LayoutBlock plain = (LayoutBlock) createWithDefaults();
        LayoutBlock transformed = (LayoutBlock) create(Map.of("transform-input", true));
        assertThat(transformed.getChildren().get(0).getValue().getChildren().get(0).getValue())
                .isInstanceOf(ChannelAffine.class);
        assertThat(transformed.referenceNames()).isEqualTo(plain.referenceNames());
        Block first = transformed.getChildren().get(0).getValue().getChildren().get(0).getValue();
        // an image of ImageNet's mean in [0, 1] is 0 when normalised, (mean - 0.5) / 0.5 transformed
        float[] out = first.forward(new ParameterStore(manager, false), new NDList(manager.zeros(new Shape(1, 3, 1, 1))),
                false).singletonOrThrow().toFloatArray();
        assertThat(out).containsExactly(new float[] {-0.03f, -0.088f, -0.188f}, org.assertj.core.data.Offset.offset(1e-6f));
        assertThatThrownBy(() -> transformed.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 32, 32)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(B, 3, H, W)");
    }
}
