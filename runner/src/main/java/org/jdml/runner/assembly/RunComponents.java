package org.jdml.runner.assembly;

import ai.djl.nn.Block;
import com.typesafe.config.Config;
import java.util.List;
import java.util.Optional;
import org.jdml.api.control.AdaptiveController;
import org.jdml.api.data.BatchSampler;
import org.jdml.api.data.MetricDataset;
import org.jdml.api.loss.MetricLoss;
import org.jdml.api.mining.Miner;
import org.jdml.runner.model.EmbeddingModel;

/**
 * Every component a run selected, built and validated.
 *
 * @param config the resolved configuration
 * @param backbone the feature extractor, without the embedding layer
 * @param model the embedding network over the backbone, built before the components that embed;
 *     null when the backbone was not asked for or no model recipe was given
 * @param miner empty when {@code jdml.miner.name = none}
 * @param controller empty when {@code jdml.controller.name = none}
 * @param used what was built, nested parts included, with versions and jars
 */
public record RunComponents(Config config, MetricDataset dataset, Block backbone, EmbeddingModel model,
        BatchSampler sampler, Optional<Miner> miner, MetricLoss loss, Optional<AdaptiveController> controller,
        List<ComponentInfo> used) {}
