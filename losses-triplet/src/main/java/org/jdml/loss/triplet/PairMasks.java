package org.jdml.loss.triplet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.jdml.api.mining.Tuples;

/**
 * The (B, B) boolean masks of a batch's pairs: positives (same label, not the item itself) and
 * negatives (different labels).
 *
 * @param positive {@code positive[i][j]}: j is a positive of anchor i
 * @param negative {@code negative[i][j]}: j is a negative of anchor i
 */
public record PairMasks(NDArray positive, NDArray negative) {

    /** The masks of {@code labels} (1-D), owned by {@code manager}. */
    public static PairMasks of(NDArray labels, NDManager manager) {
        long b = labels.size();
        NDArray same = Tuples.sameLabel(labels);
        same.attach(manager);
        NDArray eye = manager.eye((int) b);
        NDArray positive = same.logicalAnd(eye.eq(0));
        NDArray negative = same.logicalNot();
        return new PairMasks(positive, negative);
    }
}
