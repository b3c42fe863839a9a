package org.jdml.loss.triplet.mining;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.jdml.api.mining.Tuples;
import org.jdml.loss.triplet.Distance;
import org.junit.jupiter.api.Test;

class MinerArraysTest {

    @Test
    void distancesBuildNoGraphEvenInsideACollector() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray e = manager.randomNormal(new Shape(5, 3));
            e.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector();
                    NDManager work = manager.newSubManager()) {
                NDArray d = MinerArrays.distances(e, Distance.EUCLIDEAN, true, work);
                assertThat(d.hasGradient()).isFalse();
                assertThat(d.getManager()).isSameAs(work);
            }
        }
    }

    @Test
    void tripletsAreInt64AndOwnedByTheBatch() {
        try (NDManager batch = NDManager.newBaseManager()) {
            Tuples.Triplets t;
            try (NDManager work = batch.newSubManager()) {
                NDArray index = work.create(new int[] {0, 1});
                t = MinerArrays.triplets(batch, index, index.add(1), index.add(2));
            }
            // still usable after the scratch manager closed
            assertThat(t.negatives().toLongArray()).containsExactly(2, 3);
            assertThat(t.anchors().getDataType()).isEqualTo(DataType.INT64);
            assertThat(MinerArrays.noTriplets(batch).size()).isZero();
        }
    }

    @Test
    void fillBroadcastsTheValues() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray mask = manager.create(new boolean[] {true, false, false, true}, new Shape(2, 2));
            NDArray row = manager.create(new float[] {1, 2}, new Shape(1, 2));
            assertThat(MinerArrays.fill(mask, row, -1).toFloatArray()).containsExactly(1, -1, -1, 2);
        }
    }
}
