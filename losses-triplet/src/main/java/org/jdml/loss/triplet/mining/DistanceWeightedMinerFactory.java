package org.jdml.loss.triplet.mining;

import org.jdml.api.ComponentContext;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.mining.Miner;
import org.jdml.api.mining.MinerFactory;

/**
 * Builds the {@value #NAME} miner, a {@link DistanceWeightedMiner} (Wu et al. 2017), drawing with the
 * context's random source. Settings under {@code jdml.miner.distance-weighted}:
 *
 * <pre>
 * jdml.miner.distance-weighted {
 *   cutoff = 0.5                # in [0, 2): smaller distances are weighted as this one
 *   nonzero-loss-cutoff = 1.4   # > cutoff: negatives at least this far are not drawn
 * }
 * </pre>
 */
public final class DistanceWeightedMinerFactory implements MinerFactory {

    public static final String NAME = "distance-weighted";

    public DistanceWeightedMinerFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Per anchor-positive pair, a negative drawn with weight 1/q(d), the inverse density of"
                + " distances on the unit sphere (Wu et al. 2017)";
    }

    @Override
    public Miner create(ComponentSettings s, ComponentContext context) {
        double cutoff = s.getDouble("cutoff");
        if (!s.check(cutoff >= 0 && cutoff < 2, "cutoff", "must be in [0, 2), the distances of unit vectors")) {
            cutoff = 0;
        }
        double nonzeroLossCutoff = s.getDouble("nonzero-loss-cutoff");
        if (!s.check(nonzeroLossCutoff > cutoff && !Double.isNaN(nonzeroLossCutoff), "nonzero-loss-cutoff",
                "must be greater than cutoff (" + cutoff + ")")) {
            nonzeroLossCutoff = Double.POSITIVE_INFINITY;
        }
        return new DistanceWeightedMiner(cutoff, nonzeroLossCutoff, context.random());
    }
}
