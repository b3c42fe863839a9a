package org.jdml.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import org.jdml.api.mining.Tuples;
import org.junit.jupiter.api.Test;

class TripletBatchSamplerTest {

    @Test
    void consecutiveThreesAreTheTriplets() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Tuples.Triplets t = TripletBatchSampler.triplets(manager, 6);
            assertThat(t.anchors().toLongArray()).containsExactly(0, 3);
            assertThat(t.positives().toLongArray()).containsExactly(1, 4);
            assertThat(t.negatives().toLongArray()).containsExactly(2, 5);
            // labels (0, 0, 1) twice: both triplets are valid for the batch
            t.checkAgainst(manager.create(new long[] {0, 0, 1, 2, 2, 0}));
        }
    }

    @Test
    void aBatchThatIsNotTripletsIsRefused() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> TripletBatchSampler.triplets(manager, 4)).hasMessageContaining("multiple of 3");
        }
    }
}
