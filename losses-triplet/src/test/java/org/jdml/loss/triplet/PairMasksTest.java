package org.jdml.loss.triplet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class PairMasksTest {

    @Test
    void positivesShareALabelAndExcludeTheItemItself() {
        try (NDManager manager = NDManager.newBaseManager()) {
            PairMasks masks = PairMasks.of(manager.create(new long[] {5, 7, 5}), manager);
            assertThat(masks.positive().toBooleanArray())
                    .containsExactly(false, false, true, false, false, false, true, false, false);
            assertThat(masks.negative().toBooleanArray())
                    .containsExactly(false, true, false, true, false, true, false, true, false);
            assertThat(masks.positive().getManager()).isSameAs(manager);
        }
    }
}
