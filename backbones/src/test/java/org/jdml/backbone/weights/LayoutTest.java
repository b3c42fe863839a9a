package org.jdml.backbone.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A layout names stages and tells the reference's tensors it has no place for from misfits. */
class LayoutTest {

    private final Layout resnet18 = TorchvisionNames.resnetLayout(18, new int[] {2, 2, 2, 2}, "");

    @Test
    void resNetStagesAreTheStemAndTorchvisionsFourLayers() {
        assertThat(resnet18.layoutName()).isEqualTo("torchvision resnet18");
        assertThat(resnet18.stages()).containsExactly("stem", "layer1", "layer2", "layer3", "layer4");
        assertThat(resnet18.stageOf("conv1.weight")).isEqualTo("stem");
        assertThat(resnet18.stageOf("bn1.running_mean")).isEqualTo("stem");
        assertThat(resnet18.stageOf("layer3.0.downsample.1.weight")).isEqualTo("layer3");
        assertThat(resnet18.referenceNames().stream().map(resnet18::stageOf).distinct())
                .as("every stage holds parameters, in order").containsExactlyElementsOf(resnet18.stages());
        assertThat(TorchvisionNames.resnetLayout(50, new int[] {3, 4, 6, 3}, "stem small, width 32").layoutName())
                .isEqualTo("torchvision resnet50 (stem small, width 32)");
    }

    @Test
    void aNameOfNoParameterHasNoStage() {
        assertThatThrownBy(() -> resnet18.stageOf("fc.weight")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'fc.weight' names no parameter of torchvision resnet18");
    }

    @Test
    void theHeadAuxiliaryHeadsAndBatchCountersAreIgnorableNothingElse() {
        Layout inception = new Layout("x", List.of("a.weight"), List.of("all"), n -> "all", "last_linear",
                List.of("aux1"));
        assertThat(inception.ignorable("last_linear.weight")).isTrue();
        assertThat(inception.ignorable("aux1.fc.bias")).isTrue();
        assertThat(inception.ignorable("a_bn.num_batches_tracked")).isTrue();
        assertThat(inception.ignorable("fc.weight")).as("another network's head").isFalse();
        assertThat(inception.ignorable("aux10.weight")).isFalse();
        assertThat(inception.ignorable("last_linear_extra.weight")).isFalse();
        assertThat(resnet18.ignorable("fc.bias")).isTrue();
        assertThat(resnet18.ignorable("aux1.fc.bias")).isFalse();
    }

    @Test
    void aLayoutThatRepeatsANameOrMissesAStageIsAFaultOfItsCode() {
        assertThatThrownBy(() -> new Layout("x", List.of("a.weight", "a.weight"), List.of("s"), n -> "s", "fc",
                List.of())).hasMessageContaining("names a parameter twice");
        assertThatThrownBy(() -> new Layout("x", List.of("a.weight"), List.of("s"), n -> "t", "fc", List.of()))
                .hasMessageContaining("'a.weight' falls in no stage of [s]");
    }
}
