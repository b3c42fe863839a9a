package org.jdml.loss.triplet.mining;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.jdml.api.mining.MinerFactory;
import org.jdml.loss.triplet.Distance;
import org.jdml.testkit.MinerContract;
import org.junit.jupiter.api.Test;

class SemiHardMinerFactoryTest extends MinerContract {

    @Override
    protected MinerFactory factory() {
        return new SemiHardMinerFactory();
    }

    @Override
    protected Map<String, Object> badValues() {
        return Map.of("margin", 0, "distance", "manhattan", "normalize", "never");
    }

    @Test
    void defaultsAndOverrides() {
        SemiHardMiner defaults = (SemiHardMiner) createWithDefaults();
        assertThat(defaults.distance()).isEqualTo(Distance.EUCLIDEAN);
        assertThat(defaults.normalize()).isTrue();
        assertThat(defaults.margin()).isEqualTo(0.2);
        SemiHardMiner set = (SemiHardMiner) create(Map.of("distance", "cosine", "normalize", false, "margin", 0.05));
        assertThat(set.distance()).isEqualTo(Distance.COSINE);
        assertThat(set.normalize()).isFalse();
        assertThat(set.margin()).isEqualTo(0.05);
    }
}
