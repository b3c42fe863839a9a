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
 * Semi-hard mining (Schroff et al. 2015): one triplet per (anchor, positive) pair, whose negative is
 * the nearest semi-hard one, {@code d(a,p) < d(a,n) < d(a,p) + margin}: farther than the positive,
 * so the ordering is right, yet within the margin, so the hinge is still active. When a pair has no
 * semi-hard negative, it takes the anchor's nearest negative overall. Anchors without a negative
 * give no triplet. Ties go to the lowest index.
 *
 * <p>Every (anchor, positive, negative) is examined, in blocks of anchors ({@link AnchorChunks}).
 */
public final class SemiHardMiner implements Miner {

    private final Distance distance;
    private final boolean normalize;
    private final double margin;
    private final long chunkElements;

    public SemiHardMiner(Distance distance, boolean normalize, double margin) {
        this(distance, normalize, margin, AnchorChunks.DEFAULT_ELEMENTS);
    }

    SemiHardMiner(Distance distance, boolean normalize, double margin, long chunkElements) {
        this.distance = distance;
        this.normalize = normalize;
        this.margin = margin;
        this.chunkElements = chunkElements;
    }

    public Distance distance() {
        return distance;
    }

    public boolean normalize() {
        return normalize;
    }

    public double margin() {
        return margin;
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
            NDArray nearestNegative = MinerArrays.fill(masks.negative(), d, Double.POSITIVE_INFINITY).argMin(1);
            NDArray hasNegative = MinerArrays.any(masks.negative(), 1);
            NDList anchors = new NDList();
            NDList positives = new NDList();
            NDList negatives = new NDList();
            for (long start = 0; start < b; start += chunk) {
                String rows = start + ":" + Math.min(b, start + chunk);
                try (NDManager block = work.newSubManager()) {
                    NDArray dc = d.get(rows);
                    dc.attach(block);
                    NDArray negative = masks.negative().get(rows);
                    negative.attach(block);
                    NDArray dap = dc.expandDims(2);
                    NDArray dan = dc.expandDims(1);
                    // semi[a, p, n]: n is a negative of a with d(a,p) < d(a,n) < d(a,p) + margin
                    NDArray semi = negative.expandDims(1).logicalAnd(dan.gt(dap)).logicalAnd(dan.lt(dap.add(margin)));
                    NDArray nearestSemi = MinerArrays.fill(semi, dan, Double.POSITIVE_INFINITY).argMin(2);
                    NDArray fallback = nearestNegative.get(rows).expandDims(1);
                    fallback.attach(block);
                    NDArray chosen = NDArrays.where(MinerArrays.any(semi, 2), nearestSemi, fallback);
                    NDArray pairs = masks.positive().get(rows).logicalAnd(hasNegative.get(rows).expandDims(1));
                    pairs.attach(block);
                    NDArray index = pairs.nonzero();
                    NDArray anchor = index.get(":, 0");
                    NDArray positive = index.get(":, 1");
                    NDArray negativeChosen = chosen.reshape(-1).get(anchor.mul(b).add(positive));
                    anchors.add(MinerArrays.keep(anchor.add(start), work));
                    positives.add(MinerArrays.keep(positive, work));
                    negatives.add(MinerArrays.keep(negativeChosen, work));
                }
            }
            return MinerArrays.triplets(batch, NDArrays.concat(anchors), NDArrays.concat(positives),
                    NDArrays.concat(negatives));
        }
    }

    @Override
    public String toString() {
        return "SemiHardMiner[distance=" + distance + ", normalize=" + normalize + ", margin=" + margin + "]";
    }
}
