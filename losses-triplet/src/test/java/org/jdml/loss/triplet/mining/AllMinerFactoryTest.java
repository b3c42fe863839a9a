package org.jdml.loss.triplet.mining;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.jdml.api.mining.MinerFactory;
import org.jdml.testkit.MinerContract;
import org.junit.jupiter.api.Test;

class AllMinerFactoryTest extends MinerContract {

    @Override
    protected MinerFactory factory() {
        return new AllMinerFactory();
    }

    @Override
    protected Map<String, Object> badValues() {
        return Map.of(); // no settings
    }

    @Test
    void buildsTheAllTripletsMiner() {
        assertThat(createWithDefaults()).isInstanceOf(AllTripletsMiner.class);
    }
}
