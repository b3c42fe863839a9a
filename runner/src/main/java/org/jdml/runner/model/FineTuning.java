package org.jdml.runner.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.api.model.FreezableStatistics;
import org.jdml.api.model.ReferenceLayout;

/**
 * {@code jdml.model.fine-tune}: what of a (pretrained) network learns, and how fast. The papers'
 * recipes freeze batch norm (small metric-learning batches give noisier statistics than ImageNet's),
 * give the new embedding layer a larger learning rate (the smart-mining paper's 10x), leave norms and
 * biases without weight decay, or keep the first stages as they were loaded.
 *
 * @param frozenStages how many of the backbone's first stages ({@link ReferenceLayout#stages()}) keep
 *     their weights; their batch-norm statistics still move unless {@code batchNorm} freezes them, as
 *     in PyTorch, where {@code requires_grad = False} leaves running statistics alone
 * @param embeddingLearningRate the embedding layer's learning rate, times the scheduled one
 * @param backboneDecay and the other two: weight decay of each group, times {@code jdml.train.weight-decay}
 * @param normAndBiasDecay the group of every one-dimensional parameter: biases, batch norm's scale and shift
 */
public record FineTuning(BatchNormMode batchNorm, int frozenStages, float embeddingLearningRate, float backboneDecay,
        float embeddingDecay, float normAndBiasDecay) {

    /** Everything learns at the scheduled rate, with the same weight decay. */
    public static final FineTuning NONE = new FineTuning(BatchNormMode.TRAIN, 0, 1, 1, 1, 1);

    private static final String PATH = "jdml.model.fine-tune.";

    /** What batch norm in the backbone does during training. */
    public enum BatchNormMode {
        /** batch statistics normalise and update the running ones; scale and shift learn */
        TRAIN,
        /** the running statistics normalise in training too and stay as they are; scale and shift learn */
        FREEZE_STATISTICS,
        /** as {@link #FREEZE_STATISTICS}, and scale and shift stay too */
        FREEZE
    }

    /** A parameter's multipliers of the scheduled learning rate and of the weight decay. */
    public record Group(float learningRate, float weightDecay) {}

    /**
     * Freezes what the settings freeze in an initialised network (before its weights are restored or
     * loaded, which leaves the freezing in place).
     *
     * @param backboneName the configured backbone, for the messages
     * @return a line for the run's log; empty when nothing is frozen
     * @throws JdmlConfigurationException when the backbone has no batch norm or no stages to freeze
     */
    public Optional<String> apply(EmbeddingNetwork network, String backboneName) {
        List<String> done = new ArrayList<>();
        Block backbone = network.backbone();
        if (batchNorm != BatchNormMode.TRAIN) {
            List<Block> layers = new ArrayList<>();
            collectStatisticsLayers(backbone, layers);
            if (layers.isEmpty()) {
                throw new JdmlConfigurationException(PATH + "batch-norm = " + kebab(batchNorm) + ": the backbone '"
                        + backboneName + "' has no batch norm that jdml can freeze (small-conv, mlp, resnet, googlenet"
                        + " and bninception have); use train");
            }
            for (Block layer : layers) {
                ((FreezableStatistics) layer).freezeStatistics(true);
                if (batchNorm == BatchNormMode.FREEZE) {
                    layer.getParameters().values().stream().filter(Parameter::requiresGradient)
                            .forEach(p -> p.freeze(true));
                }
            }
            done.add("batch norm " + (batchNorm == BatchNormMode.FREEZE ? "frozen (statistics, scale and shift)"
                    : "statistics frozen") + " in " + layers.size() + " layers");
        }
        if (frozenStages > 0) {
            if (!(backbone instanceof ReferenceLayout layout)) {
                throw new JdmlConfigurationException(PATH + "frozen-stages = " + frozenStages + ": the backbone '"
                        + backboneName + "' has no stages (resnet, googlenet and bninception have); use 0");
            }
            List<String> stages = layout.stages();
            if (frozenStages > stages.size()) {
                throw new JdmlConfigurationException(PATH + "frozen-stages = " + frozenStages + ": "
                        + layout.layoutName() + " has " + stages.size() + " stages " + stages);
            }
            List<String> frozen = stages.subList(0, frozenStages);
            List<Parameter> parameters = new ArrayList<>(backbone.getParameters().values());
            List<String> names = layout.referenceNames();
            int tensors = 0;
            for (int i = 0; i < parameters.size(); i++) {
                Parameter p = parameters.get(i);
                if (p.requiresGradient() && frozen.contains(layout.stageOf(names.get(i)))) {
                    p.freeze(true);
                    tensors++;
                }
            }
            done.add("stages " + frozen + " of " + layout.layoutName() + " frozen (" + tensors + " tensors)");
        }
        return done.isEmpty() ? Optional.empty() : Optional.of("Fine-tuning: " + String.join("; ", done));
    }

    /** A closure over the network's groups: each trainable parameter's multipliers. */
    public java.util.function.Function<Parameter, Group> groups(EmbeddingNetwork network) {
        Set<Parameter> embedding = Collections.newSetFromMap(new IdentityHashMap<>());
        embedding.addAll(network.embedding().getParameters().values());
        return p -> {
            boolean inEmbedding = embedding.contains(p);
            boolean normOrBias = p.getType() == Parameter.Type.BIAS || p.getType() == Parameter.Type.GAMMA
                    || p.getType() == Parameter.Type.BETA;
            float decay = normOrBias ? normAndBiasDecay : inEmbedding ? embeddingDecay : backboneDecay;
            return new Group(inEmbedding ? embeddingLearningRate : 1f, decay);
        };
    }

    private static void collectStatisticsLayers(Block block, List<Block> into) {
        if (block instanceof FreezableStatistics) {
            into.add(block);
        }
        for (Block child : block.getChildren().values()) {
            collectStatisticsLayers(child, into);
        }
    }

    private static String kebab(Enum<?> value) {
        return value.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
