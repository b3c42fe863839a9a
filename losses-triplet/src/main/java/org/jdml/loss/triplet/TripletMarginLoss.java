package org.jdml.loss.triplet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.jdml.api.loss.LossOutput;
import org.jdml.api.loss.MetricLoss;
import org.jdml.api.loss.Scalars;
import org.jdml.api.mining.Tuples;

/**
 * The triplet margin loss: per triplet (a, p, n), {@code max(0, d(a,p) − d(a,n) + margin)}, or with
 * {@code smooth} the softplus of the same argument; reduced by a {@link Reducer}.
 *
 * <p>With a miner's tuples it scores exactly those triplets (pairs become the triplets that share
 * an anchor). With {@link Tuples#all()} it scores every valid triplet of the batch without ever
 * holding B³ values, in the autograd graph or out of it. Writing t = d(a,p) − d(a,n) + margin and
 * ℓ' for the derivative of the hinge (0 or 1) or of softplus (the sigmoid), the derivative of the
 * summed loss with respect to the (B, B) distance matrix D is W with W(a, x) = Σₙ ℓ'(t[a,x,n]) −
 * Σₚ ℓ'(t[a,p,x]). W is computed without gradient, and the graph holds only {@code S = Σ D ⊙ W}:
 *
 * <ul>
 *   <li>hinge: ℓ' counts violated triplets, and the summed loss is exactly
 *       {@code S + margin · #violated}. The counts come from sorting, per anchor, the thresholds
 *       d(a,p) + margin together with the distances d(a,n): O(B² log B) time, O(B²) memory.
 *   <li>softplus: every triplet has a slope, so t is evaluated over blocks of anchors whose
 *       (chunk, B, B) slabs stay within an element budget ({@link AnchorChunks}); the loss returned
 *       is the exact sum plus {@code S − stopGradient(S)}, which is 0 with the gradient of S.
 * </ul>
 *
 * <p>The active fraction is the share of the triplets considered whose margin is violated
 * ({@code t > 0}), i.e. whose hinge loss is non-zero.
 */
public final class TripletMarginLoss implements MetricLoss {

    private final double margin;
    private final Distance distance;
    private final boolean normalize;
    private final Reducer reducer;
    private final boolean smooth;
    private final long chunkElements;
    private final TripletForm form;

    /** A loss whose softplus variant evaluates all-triplet batches in blocks of the default budget. */
    public TripletMarginLoss(double margin, Distance distance, boolean normalize, Reducer reducer, boolean smooth) {
        this(margin, distance, normalize, reducer, smooth, AnchorChunks.DEFAULT_ELEMENTS, TripletForm.DIFFERENCE);
    }

    /**
     * A loss of the given form; {@link TripletForm#RATIO} scores the triplets one by one (all-triplet
     * batches are enumerated), and {@code smooth} does not apply to it.
     */
    public TripletMarginLoss(double margin, Distance distance, boolean normalize, Reducer reducer, boolean smooth,
            TripletForm form) {
        this(margin, distance, normalize, reducer, smooth, AnchorChunks.DEFAULT_ELEMENTS, form);
    }

    /**
     * @param chunkElements element budget of one (anchors, B, B) block of the softplus variant; tests
     *     force tiny blocks
     */
    TripletMarginLoss(double margin, Distance distance, boolean normalize, Reducer reducer, boolean smooth,
            long chunkElements) {
        this(margin, distance, normalize, reducer, smooth, chunkElements, TripletForm.DIFFERENCE);
    }

    private TripletMarginLoss(double margin, Distance distance, boolean normalize, Reducer reducer, boolean smooth,
            long chunkElements, TripletForm form) {
        if (form == TripletForm.RATIO && smooth) {
            throw new IllegalArgumentException("the ratio form has no smooth variant: set smooth = false");
        }
        this.form = form;
        this.margin = margin;
        this.distance = distance;
        this.normalize = normalize;
        this.reducer = reducer;
        this.smooth = smooth;
        this.chunkElements = chunkElements;
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

    public Reducer reducer() {
        return reducer;
    }

    public boolean smooth() {
        return smooth;
    }

    public TripletForm form() {
        return form;
    }

    @Override
    public LossOutput compute(NDArray embeddings, NDArray labels, Tuples tuples) {
        NDArray e = normalize ? Distance.normalize(embeddings) : embeddings;
        NDArray d = distance.matrix(e);
        if (tuples instanceof Tuples.All && form == TripletForm.DIFFERENCE) {
            return allTriplets(d, labels);
        }
        return mined(d, tuples.toTriplets(labels));
    }

    /** Scores given triplets straight from the distance matrix (few enough to keep in the graph). */
    private LossOutput mined(NDArray d, Tuples.Triplets triplets) {
        long b = d.getShape().get(0);
        NDArray flat = d.reshape(-1);
        NDArray anchorRow = triplets.anchors().toType(DataType.INT64, false).mul(b);
        NDArray dap = flat.get(anchorRow.add(triplets.positives().toType(DataType.INT64, false)));
        NDArray dan = flat.get(anchorRow.add(triplets.negatives().toType(DataType.INT64, false)));
        NDArray t = form == TripletForm.RATIO
                ? dan.div(dap.add(Scalars.number(dap, margin))).neg().add(Scalars.number(dap, 1))
                : dap.sub(dan).add(Scalars.number(dap, margin));
        NDArray losses = smooth ? Activation.softPlus(t) : Activation.relu(t);
        DataType type = d.getDataType();
        NDArray considered = d.getManager().create((double) triplets.size()).toType(type, false);
        NDArray positive = losses.stopGradient().gt(0).sum().toType(type, false);
        NDArray active = t.stopGradient().gt(0).sum().toType(type, false);
        return reduce(losses.sum(), considered, positive, active);
    }

    /** Every valid triplet of the batch (see the class comment). */
    private LossOutput allTriplets(NDArray d, NDArray labels) {
        NDManager batch = d.getManager();
        DataType type = d.getDataType();
        try (NDManager work = batch.newSubManager()) {
            NDArray fixed = d.stopGradient();
            fixed.attach(work);
            PairMasks masks = PairMasks.of(labels, work);
            // each anchor has (#positives × #negatives) triplets
            NDArray considered = masks.positive().sum(new int[] {1}).mul(masks.negative().sum(new int[] {1})).sum();
            // d(a,p) + margin where p is a positive of a, −∞ elsewhere; d(a,n) where n is a negative, +∞
            // elsewhere: t = their difference is −∞ for every invalid triplet, which t > 0, softplus and
            // sigmoid all send to 0, so no (B, B, B) mask is needed
            NDArray ap = fill(masks.positive(), fixed.add(Scalars.number(fixed, margin)), Double.NEGATIVE_INFINITY);
            NDArray an = fill(masks.negative(), fixed, Double.POSITIVE_INFINITY);
            Slopes slopes = smooth ? softplusSlopes(ap, an) : hingeSlopes(ap, an);
            NDArray weights = attach(slopes.weights().toType(type, false), batch);
            NDArray active = attach(slopes.active(), batch).toType(type, false);
            NDArray surrogate = d.mul(weights).sum();
            NDArray total;
            NDArray positive;
            if (smooth) {
                // the exact value, with the gradient of Σ D ⊙ W
                total = surrogate.sub(surrogate.stopGradient()).add(attach(slopes.lossSum(), batch));
                positive = attach(slopes.positive(), batch).toType(type, false);
            } else {
                // Σ over violated triplets of d(a,p) − d(a,n) + margin = Σ D ⊙ W + margin · #violated
                total = surrogate.add(active.mul(Scalars.number(d, margin)));
                positive = active;
            }
            return reduce(total, attach(considered, batch).toType(type, false), positive, active);
        }
    }

    /**
     * What the triplets contribute to the derivative: {@code weights} (B, B) holds Σₙ ℓ'(t[a,x,n]) −
     * Σₚ ℓ'(t[a,p,x]) at (a, x); {@code active} counts triplets with t &gt; 0; for softplus also the
     * summed loss and the number of triplets whose loss is above 0.
     */
    private record Slopes(NDArray weights, NDArray active, NDArray lossSum, NDArray positive) {}

    /**
     * The hinge's slope is 1 exactly where d(a,n) &lt; d(a,p) + margin, so its sums are counts: per
     * anchor, sorting the thresholds d(a,p) + margin together with the distances d(a,n) turns them
     * into running counts, O(B² log B) instead of B³ comparisons. (At an exact tie d(a,n) = d(a,p) +
     * margin the triplet may count as violated; its loss is 0 either way.)
     */
    private static Slopes hingeSlopes(NDArray ap, NDArray an) {
        long b = ap.getShape().get(0);
        NDArray keys = ap.concat(an, 1); // (B, 2B): thresholds in columns [0, B), negatives in [B, 2B)
        NDArray order = keys.argSort(1, true);
        NDArray isNegative = order.gte(b);
        NDArray negativesSoFar = isNegative.toType(DataType.INT64, false).cumSum(1);
        NDArray position = ap.getManager().arange(1f, 2f * b + 1, 1f, DataType.INT64);
        NDArray thresholdsSoFar = position.sub(negativesSoFar);
        // at a threshold d(a,p) + margin: +(negatives sorted below it), the violated triplets of (a, p);
        // at a negative d(a,n): −(thresholds sorted above it), the violated triplets of (a, n)
        NDArray sorted = NDArrays.where(isNegative, thresholdsSoFar.neg().add(b), negativesSoFar);
        NDArray counts = sorted.gather(order.argSort(1, true), 1);
        NDArray violatedPerPair = counts.get(":, :" + b);
        NDArray weights = violatedPerPair.sub(counts.get(":, " + b + ":"));
        return new Slopes(weights, violatedPerPair.sum(), null, null);
    }

    /** Softplus needs every triplet: blocks of anchors, one (chunk, B, B) slab at a time. */
    private Slopes softplusSlopes(NDArray ap, NDArray an) {
        NDManager work = ap.getManager();
        DataType type = ap.getDataType();
        long b = ap.getShape().get(0);
        int chunk = AnchorChunks.anchorsPerChunk(b, chunkElements);
        NDArray lossSum = work.zeros(new Shape(), type);
        NDArray positive = work.zeros(new Shape(), DataType.INT64);
        NDArray active = work.zeros(new Shape(), DataType.INT64);
        NDList weightRows = new NDList();
        for (long start = 0; start < b; start += chunk) {
            String rows = start + ":" + Math.min(b, start + chunk);
            try (NDManager block = work.newSubManager()) {
                // t[a, p, n] = d(a, p) + margin − d(a, n) over the block's anchors
                NDArray t = attach(ap.get(rows), block).expandDims(2).sub(attach(an.get(rows), block).expandDims(1));
                NDArray losses = Activation.softPlus(t);
                lossSum = lossSum.add(attach(losses.sum(), work));
                positive = positive.add(attach(losses.gt(0).sum(), work));
                active = active.add(attach(t.gt(0).sum(), work));
                NDArray slope = Activation.sigmoid(t);
                weightRows.add(attach(slope.sum(new int[] {2}).sub(slope.sum(new int[] {1})), work));
            }
        }
        NDArray weights = weightRows.isEmpty() ? work.zeros(new Shape(b, b), type) : NDArrays.concat(weightRows, 0);
        return new Slopes(weights, active, lossSum, positive);
    }

    /** {@code values} where {@code mask} holds, {@code fill} elsewhere. */
    private static NDArray fill(NDArray mask, NDArray values, double fill) {
        NDArray filler = values.getManager().full(new Shape(1), (float) fill, values.getDataType());
        return NDArrays.where(mask, values, filler);
    }

    /**
     * @param sum the summed per-triplet losses (with gradient)
     * @param considered number of triplets scored
     * @param positive number with a loss above zero
     * @param active number with a violated margin
     */
    private LossOutput reduce(NDArray sum, NDArray considered, NDArray positive, NDArray active) {
        Number one = Scalars.number(sum, 1);
        NDArray loss = switch (reducer) {
            case SUM -> sum;
            case MEAN -> sum.div(considered.maximum(one));
            case MEAN_OVER_POSITIVE -> sum.div(positive.maximum(one));
        };
        return new LossOutput(loss, active.div(considered.maximum(one)));
    }

    /** Moves {@code array} to {@code manager}, which then closes it. */
    private static NDArray attach(NDArray array, NDManager manager) {
        array.attach(manager);
        return array;
    }

    @Override
    public String toString() {
        return "TripletMarginLoss[margin=" + margin + ", distance=" + distance + ", normalize=" + normalize
                + ", reducer=" + reducer + ", smooth=" + smooth + ", form=" + form + "]";
    }
}
