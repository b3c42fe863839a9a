package org.jdml.loss.triplet.mining;

import org.jdml.api.ComponentContext;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.mining.Miner;
import org.jdml.api.mining.MinerFactory;
import org.jdml.loss.triplet.Distance;

/**
 * Builds the {@value #NAME} miner, a {@link SemiHardMiner}. Settings under {@code jdml.miner.semi-hard}:
 *
 * <pre>
 * jdml.miner.semi-hard {
 *   distance = euclidean   # euclidean | squared-euclidean | cosine
 *   normalize = true       # L2-normalise the embeddings first
 *   margin = 0.2           # > 0: width of the band d(a,p) < d(a,n) < d(a,p) + margin
 * }
 * </pre>
 */
public final class SemiHardMinerFactory implements MinerFactory {

    public static final String NAME = "semi-hard";

    public SemiHardMinerFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Per anchor-positive pair, the nearest negative farther than the positive but within the"
                + " margin (else the nearest negative)";
    }

    @Override
    public Miner create(ComponentSettings s, ComponentContext context) {
        double margin = s.getDouble("margin");
        if (!s.check(Double.isFinite(margin) && margin > 0, "margin", "must be a finite number > 0")) {
            margin = 1;
        }
        return new SemiHardMiner(s.getEnum(Distance.class, "distance"), s.getBoolean("normalize"), margin);
    }
}
