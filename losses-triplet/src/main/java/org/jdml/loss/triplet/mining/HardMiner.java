package org.jdml.loss.triplet.mining;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.jdml.api.mining.Miner;
import org.jdml.api.mining.Tuples;
import org.jdml.loss.triplet.AnchorChunks;
import org.jdml.loss.triplet.Distance;
import org.jdml.loss.triplet.PairMasks;

/**
 * Hard mining: every valid triplet whose negative is strictly closer to the anchor than the positive,
 * {@code d(a,n) < d(a,p)}, i.e. whose ordering is wrong even without a margin. It is disjoint from
 * the semi-hard band {@code d(a,p) < d(a,n) < d(a,p) + margin}, and needs no margin.
 *
 * <p>Every (anchor, positive, negative) is examined, in blocks of anchors ({@link AnchorChunks}). The
 * output can hold O(B³) triplets early in training (about half of all valid triplets for random
 * embeddings), so prefer {@code batch-hard} or {@code semi-hard} for large batches.
 */
public final class HardMiner implements Miner {

    private final Distance distance;
    private final boolean normalize;
    private final long chunkElements;

    public HardMiner(Distance distance, boolean normalize) {
        this(distance, normalize, AnchorChunks.DEFAULT_ELEMENTS);
    }

    HardMiner(Distance distance, boolean normalize, long chunkElements) {
        this.distance = distance;
        this.normalize = normalize;
        this.chunkElements = chunkElements;
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
        long b = labels.size();
        if (b == 0) {
            return MinerArrays.noTriplets(batch);
        }
        int chunk = AnchorChunks.anchorsPerChunk(b, chunkElements);
        try (NDManager work = batch.newSubManager()) {
            NDArray d = MinerArrays.distances(embeddings, distance, normalize, work);
            PairMasks masks = PairMasks.of(labels, work);
            NDList anchors = new NDList();
            NDList positives = new NDList();
            NDList negatives = new NDList();
            for (long start = 0; start < b; start += chunk) {
                String rows = start + ":" + Math.min(b, start + chunk);
                try (NDManager block = work.newSubManager()) {
                    NDArray dc = d.get(rows);
                    dc.attach(block);
                    NDArray positive = masks.positive().get(rows);
                    positive.attach(block);
                    NDArray negative = masks.negative().get(rows);
                    negative.attach(block);
                    // hard[a, p, n]: p a positive, n a negative of a, and d(a,n) < d(a,p)
                    NDArray hard = positive.expandDims(2).logicalAnd(negative.expandDims(1))
                            .logicalAnd(dc.expandDims(1).lt(dc.expandDims(2)));
                    NDArray index = hard.nonzero();
                    anchors.add(MinerArrays.keep(index.get(":, 0").add(start), work));
                    positives.add(MinerArrays.keep(index.get(":, 1"), work));
                    negatives.add(MinerArrays.keep(index.get(":, 2"), work));
                }
            }
            return MinerArrays.triplets(batch, NDArrays.concat(anchors), NDArrays.concat(positives),
                    NDArrays.concat(negatives));
        }
    }

    @Override
    public String toString() {
        return "HardMiner[distance=" + distance + ", normalize=" + normalize + "]";
    }
}
