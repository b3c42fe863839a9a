package org.jdml.loss.triplet.mining;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.mining.MinerFactory;
import org.jdml.testkit.MinerContract;
import org.jdml.testkit.TestContext;
import org.junit.jupiter.api.Test;

class DistanceWeightedMinerFactoryTest extends MinerContract {

    @Override
    protected MinerFactory factory() {
        return new DistanceWeightedMinerFactory();
    }

    @Override
    protected Map<String, Object> badValues() {
        return Map.of("cutoff", 2.5, "nonzero-loss-cutoff", 0.3);
    }

    @Test
    void defaultsAndOverrides() {
        DistanceWeightedMiner defaults = (DistanceWeightedMiner) createWithDefaults();
        assertThat(defaults.cutoff()).isEqualTo(0.5);
        assertThat(defaults.nonzeroLossCutoff()).isEqualTo(1.4);
        DistanceWeightedMiner set = (DistanceWeightedMiner) create(Map.of("cutoff", 0.2, "nonzero-loss-cutoff", 1.9));
        assertThat(set.cutoff()).isEqualTo(0.2);
        assertThat(set.nonzeroLossCutoff()).isEqualTo(1.9);
    }

    @Test
    void aNegativeCutoffIsRejected() {
        ComponentSettings s = TestContext.settings(kind(), factory().name(), overrides(Map.of("cutoff", -0.1)));
        factory().create(s, context());
        assertThat(s.problems()).singleElement().asString().contains("jdml.miner.distance-weighted.cutoff", "[0, 2)");
    }

    @Test
    void theSameSeedDrawsTheSameNegatives() {
        var e = org.jdml.testkit.Batches.embeddings(manager, 16, 8, 3, true);
        var labels = org.jdml.testkit.Batches.randomLabels(manager, 16, 3, 3);
        List<long[]> first = DistanceWeightedMinerTest.negatives(createWithDefaults(), e, labels, 3);
        List<long[]> second = DistanceWeightedMinerTest.negatives(createWithDefaults(), e, labels, 3);
        assertThat(first).usingRecursiveComparison().isEqualTo(second);
    }
}
