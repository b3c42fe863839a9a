package org.jdml.loss.triplet.mining;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.jdml.api.mining.MinerFactory;
import org.jdml.loss.triplet.Distance;
import org.jdml.testkit.MinerContract;
import org.junit.jupiter.api.Test;

class HardMinerFactoryTest extends MinerContract {

    @Override
    protected MinerFactory factory() {
        return new HardMinerFactory();
    }

    @Override
    protected Map<String, Object> badValues() {
        return Map.of("distance", "l1", "normalize", "often");
    }

    @Test
    void defaultsAndOverrides() {
        HardMiner defaults = (HardMiner) createWithDefaults();
        assertThat(defaults.distance()).isEqualTo(Distance.EUCLIDEAN);
        assertThat(defaults.normalize()).isTrue();
        HardMiner set = (HardMiner) create(Map.of("distance", "squared-euclidean", "normalize", false));
        assertThat(set.distance()).isEqualTo(Distance.SQUARED_EUCLIDEAN);
        assertThat(set.normalize()).isFalse();
    }
}
