package org.jdml.runner.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jdml.api.ComponentHost;
import org.jdml.api.ComponentKind;
import org.jdml.api.HostContext;
import org.jdml.api.config.JdmlConfigurationException;
import org.junit.jupiter.api.Test;

/** What jdml.model.fine-tune freezes and how it groups the parameters, on small networks. */
class FineTuningTest {

    private static EmbeddingModel model(String backbone, String settings, FineTuning fineTuning, Shape item,
            NDManager manager) {
        Block block = ComponentHost.of(FineTuningTest.class.getClassLoader()).create(ComponentKind.BACKBONE, backbone,
                ConfigFactory.parseString(settings), HostContext.builder(manager).build());
        return new EmbeddingModel.Recipe(new ModelSettings(4, false, WeightInit.TORCH, fineTuning), 6, 6, 1,
                EmbeddingModel.Start.FRESH).build(block, item, backbone, "fixture", manager);
    }

    @Test
    void frozenBatchNormKeepsItsStatisticsScaleAndShiftWhileTheRestLearns() {
        FineTuning freeze = new FineTuning(FineTuning.BatchNormMode.FREEZE, 0, 1, 1, 1, 1);
        try (NDManager manager = NDManager.newBaseManager()) {
            EmbeddingModel model = model("small-conv", "jdml.backbone.small-conv.channels = [3, 5]", freeze,
                    new Shape(1, 8, 8), manager);
            Map<String, Parameter> parameters = model.network().getParameters().toMap();
            float[] meanBefore = statistics(parameters);
            model.network().forward(model.store(), new NDList(manager.randomNormal(new Shape(6, 1, 8, 8)).add(3)), true);
            assertThat(statistics(parameters)).as("running statistics after a training-mode forward")
                    .isEqualTo(meanBefore);
            parameters.forEach((name, p) -> {
                boolean norm = p.getType() == Parameter.Type.GAMMA || p.getType() == Parameter.Type.BETA;
                boolean learnable = p.getType() == Parameter.Type.WEIGHT || p.getType() == Parameter.Type.BIAS;
                if (norm) {
                    assertThat(p.requiresGradient()).as(name).isFalse();
                } else if (learnable) {
                    assertThat(p.requiresGradient()).as(name).isTrue();
                }
            });
        }
    }

    @Test
    void withoutFreezingTheStatisticsMove() {
        try (NDManager manager = NDManager.newBaseManager()) {
            EmbeddingModel model = model("small-conv", "jdml.backbone.small-conv.channels = [3, 5]", FineTuning.NONE,
                    new Shape(1, 8, 8), manager);
            Map<String, Parameter> parameters = model.network().getParameters().toMap();
            float[] meanBefore = statistics(parameters);
            model.network().forward(model.store(), new NDList(manager.randomNormal(new Shape(6, 1, 8, 8)).add(3)), true);
            assertThat(statistics(parameters)).isNotEqualTo(meanBefore);
        }
    }

    @Test
    void groupsGiveTheEmbeddingLayerItsRateAndNormsAndBiasesTheirDecay() {
        FineTuning tuning = new FineTuning(FineTuning.BatchNormMode.TRAIN, 0, 10, 0.5f, 2, 0);
        try (NDManager manager = NDManager.newBaseManager()) {
            EmbeddingModel model = model("small-conv", "jdml.backbone.small-conv.channels = [3]", tuning,
                    new Shape(1, 8, 8), manager);
            Function<Parameter, FineTuning.Group> groups = tuning.groups(model.network());
            Map<String, Parameter> parameters = model.network().getParameters().toMap();
            Parameter conv = only(parameters, "backbone", Parameter.Type.WEIGHT);
            Parameter gamma = only(parameters, "backbone", Parameter.Type.GAMMA);
            Parameter weight = only(parameters, "embedding", Parameter.Type.WEIGHT);
            Parameter bias = only(parameters, "embedding", Parameter.Type.BIAS);
            assertThat(groups.apply(conv)).isEqualTo(new FineTuning.Group(1, 0.5f));
            assertThat(groups.apply(gamma)).isEqualTo(new FineTuning.Group(1, 0));
            assertThat(groups.apply(weight)).isEqualTo(new FineTuning.Group(10, 2));
            assertThat(groups.apply(bias)).isEqualTo(new FineTuning.Group(10, 0));
        }
    }

    @Test
    void freezingWhatABackboneDoesNotHaveIsAConfigurationErrorNamingBoth() {
        try (NDManager manager = NDManager.newBaseManager()) {
            FineTuning stages = new FineTuning(FineTuning.BatchNormMode.TRAIN, 2, 1, 1, 1, 1);
            assertThatThrownBy(() -> model("small-conv", "", stages, new Shape(1, 8, 8), manager))
                    .isInstanceOf(JdmlConfigurationException.class)
                    .hasMessageContaining("jdml.model.fine-tune.frozen-stages = 2")
                    .hasMessageContaining("'small-conv' has no stages");
            FineTuning tooMany = new FineTuning(FineTuning.BatchNormMode.TRAIN, 6, 1, 1, 1, 1);
            assertThatThrownBy(() -> model("resnet", "jdml.backbone.resnet.depth = 18", tooMany, new Shape(3, 32, 32),
                    manager)).isInstanceOf(JdmlConfigurationException.class)
                    .hasMessageContaining("has 5 stages [stem, layer1, layer2, layer3, layer4]");
            FineTuning norms = new FineTuning(FineTuning.BatchNormMode.FREEZE_STATISTICS, 0, 1, 1, 1, 1);
            assertThatThrownBy(() -> model("mlp", "jdml.backbone.mlp.hidden = []", norms, new Shape(5), manager))
                    .isInstanceOf(JdmlConfigurationException.class)
                    .hasMessageContaining("batch-norm = freeze-statistics").hasMessageContaining("'mlp' has no batch norm");
        }
    }

    @Test
    void frozenStagesOfAResNetStopLearningAndTheOthersDoNot() {
        FineTuning tuning = new FineTuning(FineTuning.BatchNormMode.TRAIN, 2, 1, 1, 1, 1);
        try (NDManager manager = NDManager.newBaseManager()) {
            EmbeddingModel model = model("resnet", "jdml.backbone.resnet.depth = 18", tuning, new Shape(3, 32, 32),
                    manager);
            var layout = (org.jdml.api.model.ReferenceLayout) model.network().backbone();
            List<Parameter> parameters = List.copyOf(model.network().backbone().getParameters().values());
            for (int i = 0; i < parameters.size(); i++) {
                String name = layout.referenceNames().get(i);
                if (name.endsWith("running_mean") || name.endsWith("running_var")) {
                    continue;
                }
                boolean frozen = List.of("stem", "layer1").contains(layout.stageOf(name));
                assertThat(parameters.get(i).requiresGradient()).as(name).isEqualTo(!frozen);
            }
        }
    }

    private static float[] statistics(Map<String, Parameter> parameters) {
        return parameters.values().stream().filter(p -> p.getType() == Parameter.Type.RUNNING_MEAN)
                .findFirst().orElseThrow().getArray().toFloatArray();
    }

    private static Parameter only(Map<String, Parameter> parameters, String part, Parameter.Type type) {
        return parameters.entrySet().stream().filter(e -> e.getKey().contains(part) && e.getValue().getType() == type)
                .findFirst().orElseThrow(() -> new AssertionError("no " + type + " in the " + part)).getValue();
    }
}
