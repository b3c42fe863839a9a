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
import org.jdml.testkit.ComponentContract;
import org.junit.jupiter.api.Test;

class BnInceptionBackboneFactoryTest extends ComponentContract<Block, BackboneFactory> {

    @Override
    protected ComponentKind<BackboneFactory> kind() {
        return ComponentKind.BACKBONE;
    }

    @Override
    protected BackboneFactory factory() {
        return new BnInceptionBackboneFactory();
    }

    @Override
    protected Map<String, Object> badValues() {
        return Map.of("weights", "/no/such/bn_inception.safetensors");
    }

    @Test
    void itHasTheReferencesParametersLessTheClassifierAndEndsInTenTwentyFourFeatures() {
        Block net = createWithDefaults();
        net.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 32, 32));
        // pretrainedmodels' bninception has 11,295,240 parameters, 1,025,000 in last_linear
        assertThat(SmallConvBackboneFactoryTest.trainableScalars(net)).isEqualTo(11_295_240L - 1_025_000L);
        // 69 convolutions with bias, each with a batch norm
        assertThat(((ReferenceLayout) net).referenceNames()).hasSize(69 * 6).hasSize(net.getParameters().size());
        for (int size : new int[] {32, 33, 64}) {
            assertThat(net.forward(new ParameterStore(manager, false),
                    new NDList(manager.randomNormal(new Shape(2, 3, size, size))), true).singletonOrThrow().getShape())
                    .as("%s px", size).isEqualTo(new Shape(2, BnInception.FEATURES));
        }
    }

    @Test
    void theLayoutHasTheWeightFilesFlatNames() {
        ReferenceLayout layout = (ReferenceLayout) createWithDefaults();
        assertThat(layout).isNotInstanceOf(PretrainedWeights.class);
        assertThat(layout.layoutName()).isEqualTo("pretrainedmodels bninception");
        assertThat(layout.headName()).isEqualTo("last_linear");
        assertThat(layout.referenceNames()).startsWith("conv1_7x7_s2.weight", "conv1_7x7_s2.bias",
                "conv1_7x7_s2_bn.weight", "conv1_7x7_s2_bn.bias", "conv1_7x7_s2_bn.running_mean",
                "conv1_7x7_s2_bn.running_var", "conv2_3x3_reduce.weight")
                .contains("inception_3c_double_3x3_2_bn.running_var", "inception_4e_3x3.bias")
                .doesNotContain("inception_3c_1x1.weight", "inception_4e_pool_proj.weight")
                .endsWith("inception_5b_pool_proj_bn.running_var");
        assertThat(layout.stages()).containsExactly("stem", "inception3", "inception4", "inception5");
        assertThat(layout.stageOf("conv2_3x3_bn.weight")).isEqualTo("stem");
        assertThat(layout.stageOf("inception_3c_3x3.weight")).isEqualTo("inception3");
        assertThat(layout.stageOf("inception_5a_1x1.bias")).isEqualTo("inception5");
    }

    @Test
    void imagesWhoseSidesDoNotHalveEvenlyAreRefusedAtInitialisationInTheNetworksTerms() {
        assertThat(BnInception.sizeProblem(new Shape(1, 3, 224, 224))).isEmpty();
        assertThat(BnInception.sizeProblem(new Shape(1, 3, 227, 227))).isEmpty();
        assertThatThrownBy(() -> createWithDefaults().initialize(manager, DataType.FLOAT32, new Shape(2, 3, 40, 64)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bninception cannot take images of 40 x 64 px")
                .hasMessageContaining("inception_3c").hasMessageContaining("multiples of 32");
        assertThat(BnInception.sizeProblem(new Shape(1, 3, 16, 16))).hasValueSatisfying(p -> assertThat(p)
                .contains("inception_4e"));
    }
}
