package org.jdml.loss.triplet.mining;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.jdml.api.mining.MinerFactory;
import org.jdml.loss.triplet.Distance;
import org.jdml.testkit.MinerContract;
import org.junit.jupiter.api.Test;

class BatchHardMinerFactoryTest extends MinerContract {

    @Override
    protected MinerFactory factory() {
        return new BatchHardMinerFactory();
    }

    @Override
    protected Map<String, Object> badValues() {
        return Map.of("distance", "chebyshev", "normalize", "maybe");
    }

    @Test
    void defaultsAndOverrides() {
        BatchHardMiner defaults = (BatchHardMiner) createWithDefaults();
        assertThat(defaults.distance()).isEqualTo(Distance.EUCLIDEAN);
        assertThat(defaults.normalize()).isTrue();
        BatchHardMiner set = (BatchHardMiner) create(Map.of("distance", "cosine", "normalize", false));
        assertThat(set.distance()).isEqualTo(Distance.COSINE);
        assertThat(set.normalize()).isFalse();
    }
}
