package org.jdml.loss.triplet.mining;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import org.jdml.api.mining.Tuples;
import org.jdml.testkit.Batches;
import org.junit.jupiter.api.Test;

class AllTripletsMinerTest {

    @Test
    void leavesTheEnumerationToTheLoss() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Tuples tuples = new AllTripletsMiner().mine(Batches.embeddings(manager, 8, 4, 0, true),
                    Batches.roundRobinLabels(manager, 8, 2));
            assertThat(tuples).isSameAs(Tuples.all());
        }
    }
}
