package org.jdml.runner.assembly;

import ai.djl.nn.Block;
import com.typesafe.config.Config;
import java.util.List;
import java.util.Optional;
import org.jdml.api.control.AdaptiveController;
import org.jdml.api.data.BatchSampler;
import org.jdml.api.data.Embedder;
import org.jdml.api.data.MetricDataset;
import org.jdml.api.loss.MetricLoss;
import org.jdml.api.mining.Miner;

/**
 * Every component a run selected, built and validated.
 *
 * @param config the resolved configuration
 * @param backbone the feature extractor, without the embedding layer
 * @param miner empty when {@code jdml.miner.name = none}
 * @param controller empty when {@code jdml.controller.name = none}
 * @param used what was built, nested parts included, with versions and jars
 * @param embedder where the training code binds the model's embedder once the model exists
 */
public record RunComponents(Config config, MetricDataset dataset, Block backbone, BatchSampler sampler,
        Optional<Miner> miner, MetricLoss loss, Optional<AdaptiveController> controller, List<ComponentInfo> used,
        EmbedderSlot embedder) {

    /** Lets components ask for an embedder before the model that provides it exists. */
    public static final class EmbedderSlot {
        private Embedder embedder;

        public void bind(Embedder value) {
            embedder = value;
        }

        Embedder get() {
            return embedder;
        }
    }
}
