package org.jdml.loss.triplet.mining;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.jdml.api.mining.Miner;
import org.jdml.api.mining.Tuples;
import org.jdml.loss.triplet.Distance;
import org.jdml.loss.triplet.PairMasks;

/**
 * Batch-hard mining (Hermans et al. 2017): one triplet per anchor, with its farthest positive and its
 * nearest negative in the batch. Anchors without a positive or without a negative are dropped. Ties
 * go to the lowest index.
 */
public final class BatchHardMiner implements Miner {

    private final Distance distance;
    private final boolean normalize;

    public BatchHardMiner(Distance distance, boolean normalize) {
        this.distance = distance;
        this.normalize = normalize;
    }

    public Distance distance() {
        return distance;
    }

    public boolean normalize() {
        return normalize;
    }

    @Override
    public Tuples mine(NDArray embeddings, NDArray labels) {
        NDManager batch = embeddings.getManager();
        if (labels.size() == 0) {
            return MinerArrays.noTriplets(batch);
        }
        try (NDManager work = batch.newSubManager()) {
            NDArray d = MinerArrays.distances(embeddings, distance, normalize, work);
            PairMasks masks = PairMasks.of(labels, work);
            NDArray farthestPositive = MinerArrays.fill(masks.positive(), d, Double.NEGATIVE_INFINITY).argMax(1);
            NDArray nearestNegative = MinerArrays.fill(masks.negative(), d, Double.POSITIVE_INFINITY).argMin(1);
            NDArray anchors = MinerArrays.any(masks.positive(), 1)
                    .logicalAnd(MinerArrays.any(masks.negative(), 1))
                    .nonzero()
                    .reshape(-1);
            return MinerArrays.triplets(batch, anchors, farthestPositive.get(anchors), nearestNegative.get(anchors));
        }
    }

    @Override
    public String toString() {
        return "BatchHardMiner[distance=" + distance + ", normalize=" + normalize + "]";
    }
}
