package org.jdml.loss.triplet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import org.jdml.api.loss.LossOutput;
import org.jdml.api.loss.MetricLoss;
import org.jdml.api.loss.Scalars;
import org.jdml.api.mining.Tuples;

/**
 * The global loss of Kumar B G, Carneiro and Reid (CVPR 2016): over the distances d⁺ of positive
 * pairs and d⁻ of negative pairs, with means μ and variances σ²,
 * {@code (σ²⁺ + σ²⁻) + λ·max(0, μ⁺ − μ⁻ + t)}. It tightens both distributions and pushes their
 * means apart, a statistic of the whole batch rather than of single tuples.
 *
 * <p>With {@link Tuples#all()} the pairs are every ordered positive pair (i ≠ j, same label) and
 * every ordered negative pair of the batch; each unordered pair counts twice, which leaves means and
 * variances as they are. With a miner's tuples the pairs are theirs ({@link Tuples#toPairs}), a pair
 * counting as often as it is listed. Variances are population variances (divided by the number of
 * pairs). A batch without a positive or without a negative pair gives a zero loss that still has a
 * gradient. There is no per-tuple notion of activity, so the output has no active fraction.
 *
 * <p>Distances are multiplied by {@code scale} first: 0.25 with squared-euclidean distances on unit
 * vectors gives the ‖x − y‖²/4 in [0, 1] of Harwood et al. 2017, whose margin t = 0.01 is on that scale.
 * With explicit triplets each triplet gives one d⁺ and one d⁻, the paper's per-triplet statistics.
 */
public final class GlobalLoss implements MetricLoss {

    private final double lambda;
    private final double margin;
    private final Distance distance;
    private final boolean normalize;
    private final double scale;

    public GlobalLoss(double lambda, double margin, Distance distance, boolean normalize) {
        this(lambda, margin, distance, normalize, 1.0);
    }

    /** @param scale factor (> 0) applied to every distance before the statistics */
    public GlobalLoss(double lambda, double margin, Distance distance, boolean normalize, double scale) {
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be a finite number > 0, was " + scale);
        }
        this.scale = scale;
        this.lambda = lambda;
        this.margin = margin;
        this.distance = distance;
        this.normalize = normalize;
    }

    public double lambda() {
        return lambda;
    }

    public double margin() {
        return margin;
    }

    public Distance distance() {
        return distance;
    }

    public boolean normalize() {
        return normalize;
    }

    public double scale() {
        return scale;
    }

    @Override
    public LossOutput compute(NDArray embeddings, NDArray labels, Tuples tuples) {
        NDArray e = normalize ? Distance.normalize(embeddings) : embeddings;
        NDArray d = scale == 1.0 ? distance.matrix(e) : distance.matrix(e).mul(Scalars.of(e, scale));
        DataType type = d.getDataType();
        Moments positive;
        Moments negative;
        if (tuples instanceof Tuples.All) {
            PairMasks masks = PairMasks.of(labels, d.getManager());
            positive = Moments.masked(d, masks.positive().toType(type, false));
            negative = Moments.masked(d, masks.negative().toType(type, false));
        } else {
            Tuples.Pairs pairs = tuples.toPairs(labels);
            NDArray flat = d.reshape(-1);
            positive = Moments.of(flat.get(index(pairs.positiveAnchors(), pairs.positives(), d)));
            negative = Moments.of(flat.get(index(pairs.negativeAnchors(), pairs.negatives(), d)));
        }
        NDArray gap = Activation.relu(positive.mean().sub(negative.mean()).add(Scalars.number(d, margin)));
        NDArray loss = positive.variance().add(negative.variance()).add(gap.mul(Scalars.of(d, lambda)));
        // 0 or 1: without both kinds of pair the statistics mean nothing; 0 · loss keeps the graph
        NDArray defined = positive.count().gt(0).logicalAnd(negative.count().gt(0)).toType(type, false);
        return LossOutput.of(loss.mul(defined));
    }

    /** Positions of (row, column) pairs in the flattened (B, B) matrix. */
    private static NDArray index(NDArray rows, NDArray columns, NDArray d) {
        long b = d.getShape().get(0);
        return rows.toType(DataType.INT64, false).mul(b).add(columns.toType(DataType.INT64, false));
    }

    /** Count, mean and population variance of a set of distances; mean and variance 0 when empty. */
    private record Moments(NDArray count, NDArray mean, NDArray variance) {

        /** The entries of {@code d} where {@code weights} (0/1, same shape) is 1. */
        static Moments masked(NDArray d, NDArray weights) {
            NDArray count = weights.sum();
            NDArray denominator = count.maximum(Scalars.number(d, 1));
            NDArray mean = d.mul(weights).sum().div(denominator);
            NDArray variance = d.sub(mean).square().mul(weights).sum().div(denominator);
            return new Moments(count, mean, variance);
        }

        static Moments of(NDArray values) {
            NDManager manager = values.getManager();
            NDArray count = manager.create((double) values.size()).toType(values.getDataType(), false);
            NDArray denominator = count.maximum(Scalars.number(values, 1));
            NDArray mean = values.sum().div(denominator);
            NDArray variance = values.sub(mean).square().sum().div(denominator);
            return new Moments(count, mean, variance);
        }
    }

    @Override
    public String toString() {
        return "GlobalLoss[lambda=" + lambda + ", margin=" + margin + ", distance=" + distance + ", normalize="
                + normalize + ", scale=" + scale + "]";
    }
}
