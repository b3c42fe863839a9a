package org.jdml.backbone.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jdml.api.model.PretrainedWeights;
import org.jdml.backbone.nn.BatchNorm;
import org.junit.jupiter.api.Test;

/** The same wrapper with or without weights; the layout must name each parameter with its kind's suffix. */
class LayoutBlockTest {

    private static Block linearThenBatchNorm() {
        return new SequentialBlock().add(Linear.builder().setUnits(2).build()).add(BatchNorm.builder().build());
    }

    private static Layout layout(List<String> names) {
        return new Layout("test net", names, List.of("all"), n -> "all", "fc", List.of());
    }

    private static final List<String> NAMES = List.of("fc0.weight", "fc0.bias", "bn0.weight", "bn0.bias",
            "bn0.running_mean", "bn0.running_var");

    @Test
    void onlyABlockWithWeightsOffersToLoadThemAndBothNameTheirParametersAlike() {
        LayoutBlock plain = LayoutBlock.of(linearThenBatchNorm(), layout(NAMES), Optional.empty());
        LayoutBlock pretrained = LayoutBlock.of(linearThenBatchNorm(), layout(NAMES), Optional.of(Path.of("w.safetensors")));
        assertThat(plain).isNotInstanceOf(PretrainedWeights.class);
        assertThat(pretrained).isInstanceOf(PretrainedWeights.class);
        assertThat(plain.getParameters().keys()).isEqualTo(pretrained.getParameters().keys())
                .startsWith("01network_01Linear_weight").contains("01network_02BatchNorm_runningVar");
        assertThat(plain.referenceNames()).isEqualTo(NAMES);
        assertThat(plain.headName()).isEqualTo("fc");
        assertThat(plain.stageOf("bn0.bias")).isEqualTo("all");
    }

    @Test
    void aLayoutThatDoesNotNameEveryParameterWithItsKindIsRefusedBeforeAnyShapeIsKnown() {
        assertThatThrownBy(() -> LayoutBlock.of(linearThenBatchNorm(), layout(NAMES.subList(0, 5)), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the network has 6 parameters, the layout names 5");
        List<String> swapped = List.of("fc0.weight", "fc0.bias", "bn0.weight", "bn0.bias", "bn0.running_var",
                "bn0.running_mean");
        assertThatThrownBy(() -> LayoutBlock.of(linearThenBatchNorm(), layout(swapped), Optional.empty()))
                .hasMessageContaining("parameter 4 (02BatchNorm_runningMean) is named 'bn0.running_var'");
    }
}
