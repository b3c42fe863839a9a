package org.jdml.loss.triplet.mining;

import org.jdml.api.ComponentContext;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.mining.Miner;
import org.jdml.api.mining.MinerFactory;
import org.jdml.loss.triplet.Distance;

/**
 * Builds the {@value #NAME} miner, a {@link HardMiner}: every triplet with d(a,n) &lt; d(a,p). Settings
 * under {@code jdml.miner.hard}:
 *
 * <pre>
 * jdml.miner.hard {
 *   distance = euclidean   # euclidean | squared-euclidean | cosine
 *   normalize = true       # L2-normalise the embeddings first
 * }
 * </pre>
 */
public final class HardMinerFactory implements MinerFactory {

    public static final String NAME = "hard";

    public HardMinerFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Every triplet whose negative is closer to the anchor than the positive";
    }

    @Override
    public Miner create(ComponentSettings s, ComponentContext context) {
        return new HardMiner(s.getEnum(Distance.class, "distance"), s.getBoolean("normalize"));
    }
}
