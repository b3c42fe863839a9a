package org.jdml.loss.triplet.mining;

import org.jdml.api.ComponentContext;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.mining.Miner;
import org.jdml.api.mining.MinerFactory;
import org.jdml.loss.triplet.Distance;

/**
 * Builds the {@value #NAME} miner, a {@link BatchHardMiner}. Settings under {@code jdml.miner.batch-hard}:
 *
 * <pre>
 * jdml.miner.batch-hard {
 *   distance = euclidean   # euclidean | squared-euclidean | cosine
 *   normalize = true       # L2-normalise the embeddings first
 * }
 * </pre>
 */
public final class BatchHardMinerFactory implements MinerFactory {

    public static final String NAME = "batch-hard";

    public BatchHardMinerFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Per anchor, the farthest positive and the nearest negative of the batch";
    }

    @Override
    public Miner create(ComponentSettings s, ComponentContext context) {
        return new BatchHardMiner(s.getEnum(Distance.class, "distance"), s.getBoolean("normalize"));
    }
}
