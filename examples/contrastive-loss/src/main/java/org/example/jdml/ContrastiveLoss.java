package org.example.jdml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.jdml.api.loss.LossOutput;
import org.jdml.api.loss.Scalars;
import org.jdml.api.loss.MetricLoss;
import org.jdml.api.mining.Tuples;

/**
 * Over pairs of the batch: a positive pair costs {@code max(0, d − m⁺)²}, a negative pair
 * {@code max(0, m⁻ − d)²}, with d the Euclidean distance; the loss is the mean over pairs that cost
 * something (zero, with a gradient, when none does).
 */
final class ContrastiveLoss implements MetricLoss {

    private final float positiveMargin;
    private final float negativeMargin;
    private final boolean normalize;

    ContrastiveLoss(float positiveMargin, float negativeMargin, boolean normalize) {
        this.positiveMargin = positiveMargin;
        this.negativeMargin = negativeMargin;
        this.normalize = normalize;
    }

    @Override
    public LossOutput compute(NDArray embeddings, NDArray labels, Tuples tuples) {
        NDArray e = normalize ? embeddings.normalize(2, 1, 1e-12) : embeddings;
        Tuples.Pairs pairs = tuples.toPairs(labels);
        NDArray positive = distance(e, pairs.positiveAnchors(), pairs.positives())
                .sub(positiveMargin).clip(0f, Float.MAX_VALUE).square();
        NDArray negative = distance(e, pairs.negativeAnchors(), pairs.negatives())
                .neg().add(negativeMargin).clip(0f, Float.MAX_VALUE).square();
        NDArray costs = positive.concat(negative);
        NDArray active = costs.gt(0f).toType(e.getDataType(), false);
        NDArray count = active.sum();
        // the zero term keeps a gradient path to the embeddings when no pair costs anything
        NDArray loss = costs.sum().div(count.maximum(1f)).add(embeddings.sum().mul(Scalars.of(embeddings, 0)));
        NDArray share = count.div(Math.max(1, costs.size()));
        return new LossOutput(loss, share.toType(DataType.FLOAT32, false));
    }

    private static NDArray distance(NDArray e, NDArray first, NDArray second) {
        // the floor keeps the sqrt's gradient finite for identical points; clip, not maximum(Number):
        // see Scalars
        return e.get(first).sub(e.get(second)).square().sum(new int[] {1}).clip(1e-12f, Float.MAX_VALUE).sqrt();
    }
}
