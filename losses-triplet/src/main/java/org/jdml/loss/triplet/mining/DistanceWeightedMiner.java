package org.jdml.loss.triplet.mining;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.jdml.api.RandomState;
import org.jdml.api.mining.Miner;
import org.jdml.api.mining.Tuples;
import org.jdml.loss.triplet.Distance;
import org.jdml.loss.triplet.PairMasks;

/**
 * Distance-weighted sampling (Wu et al. 2017, "Sampling Matters in Deep Embedding Learning"). On the
 * unit sphere in n dimensions, the distance d between two random points has density
 * {@code q(d) ∝ d^(n−2) · (1 − d²/4)^((n−3)/2)}, so uniform negatives concentrate near √2. This miner
 * draws, for each (anchor, positive) pair, one negative of the anchor with probability proportional
 * to {@code 1/q(max(d, cutoff))}, which spreads the chosen distances evenly; the cut-off keeps very
 * close (noisy) negatives from dominating. Negatives at {@code d ≥ nonzero-loss-cutoff} get weight 0,
 * as they would give no loss. When an anchor has no negative left, its pairs take a negative drawn
 * uniformly among all of its negatives; an anchor without negatives gives no triplet.
 *
 * <p>The density holds for Euclidean distances of unit vectors, so the miner always L2-normalises and
 * uses the Euclidean distance, whatever the loss uses. Weights are computed in log space (n − 2 can
 * be in the hundreds) and shifted by each row's maximum before exponentiation. The draws use the
 * miner's own random source, saved in checkpoints so that a resumed run draws the same negatives.
 */
public final class DistanceWeightedMiner implements Miner {

    /** Keeps log(1 − d²/4) finite at d = 2 (antipodal points, or rounding just past them). */
    private static final double LOG_FLOOR = 1e-8;

    private final double cutoff;
    private final double nonzeroLossCutoff;
    private Random random;

    /**
     * @param cutoff distances below it are weighted as if they were it
     * @param nonzeroLossCutoff negatives this far or farther are never drawn (while others exist)
     * @param random the miner's own random source
     */
    public DistanceWeightedMiner(double cutoff, double nonzeroLossCutoff, Random random) {
        this.cutoff = cutoff;
        this.nonzeroLossCutoff = nonzeroLossCutoff;
        this.random = random;
    }

    public double cutoff() {
        return cutoff;
    }

    public double nonzeroLossCutoff() {
        return nonzeroLossCutoff;
    }

    @Override
    public Tuples mine(NDArray embeddings, NDArray labels) {
        NDManager batch = embeddings.getManager();
        int b = Math.toIntExact(labels.size());
        if (b == 0) {
            return MinerArrays.noTriplets(batch);
        }
        double[] probability = probabilities(embeddings, labels);
        long[] y = labels.toType(DataType.INT64, false).toLongArray();
        long[] anchors = new long[b * (b - 1)];
        long[] positives = new long[anchors.length];
        long[] negatives = new long[anchors.length];
        int count = 0;
        double[] cumulative = new double[b];
        for (int a = 0; a < b; a++) {
            double total = 0;
            for (int j = 0; j < b; j++) {
                total += probability[a * b + j];
                cumulative[j] = total;
            }
            if (!(total > 0)) {
                continue;
            }
            for (int p = 0; p < b; p++) {
                if (p == a || y[p] != y[a]) {
                    continue;
                }
                anchors[count] = a;
                positives[count] = p;
                negatives[count] = draw(cumulative, total);
                count++;
            }
        }
        return MinerArrays.triplets(batch, batch.create(Arrays.copyOf(anchors, count)),
                batch.create(Arrays.copyOf(positives, count)), batch.create(Arrays.copyOf(negatives, count)));
    }

    /** The first index whose cumulative weight exceeds a uniform draw in [0, total). */
    private int draw(double[] cumulative, double total) {
        double u = random.nextDouble() * total;
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] > u) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }

    /**
     * Row-major (B, B): entry (a, j) is the probability that a pair with anchor a draws j as its
     * negative; a row sums to 1, or is all 0 when a has no negative.
     */
    double[] probabilities(NDArray embeddings, NDArray labels) {
        int b = Math.toIntExact(labels.size());
        double n = embeddings.getShape().get(1);
        double[] logWeight;
        boolean[] negative;
        boolean[] eligible;
        try (NDManager work = embeddings.getManager().newSubManager()) {
            NDArray d = MinerArrays.distances(embeddings, Distance.EUCLIDEAN, true, work).toType(DataType.FLOAT64, false);
            NDArray clipped = d.maximum(cutoff);
            // −log q(d) = −(n − 2)·log d − ((n − 3)/2)·log(1 − d²/4)
            NDArray logSphere = clipped.square().mul(-0.25).add(1.0).maximum(LOG_FLOOR).log();
            NDArray minusLogQ = clipped.log().mul(-(n - 2)).sub(logSphere.mul((n - 3) / 2));
            PairMasks masks = PairMasks.of(labels, work);
            logWeight = minusLogQ.toDoubleArray();
            negative = masks.negative().toBooleanArray();
            eligible = masks.negative().logicalAnd(d.lt(nonzeroLossCutoff)).toBooleanArray();
        }
        double[] probability = new double[b * b];
        for (int a = 0; a < b; a++) {
            int row = a * b;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < b; j++) {
                if (eligible[row + j]) {
                    max = Math.max(max, logWeight[row + j]);
                }
            }
            boolean[] allowed = max > Double.NEGATIVE_INFINITY ? eligible : negative;
            double total = 0;
            for (int j = 0; j < b; j++) {
                if (allowed[row + j]) {
                    double w = max > Double.NEGATIVE_INFINITY ? Math.exp(logWeight[row + j] - max) : 1.0;
                    probability[row + j] = w;
                    total += w;
                }
            }
            for (int j = 0; j < b && total > 0; j++) {
                probability[row + j] /= total;
            }
        }
        return probability;
    }

    @Override
    public void saveState(DataOutputStream out) throws IOException {
        RandomState.write(out, random);
    }

    @Override
    public void loadState(DataInputStream in) throws IOException {
        random = RandomState.read(in);
    }

    @Override
    public String toString() {
        return "DistanceWeightedMiner[cutoff=" + cutoff + ", nonzero-loss-cutoff=" + nonzeroLossCutoff + "]";
    }
}
