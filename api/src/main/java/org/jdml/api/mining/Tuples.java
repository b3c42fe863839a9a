package org.jdml.api.mining;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Objects;
import org.jdml.api.Stable;

/**
 * The contract between a miner and a loss: which (anchor, positive, negative) combinations of a
 * batch count. Indices are 1-D integer arrays into the batch, kept on the engine so that losses can
 * gather with them without a trip through Java.
 */
@Stable
public sealed interface Tuples permits Tuples.All, Tuples.Triplets, Tuples.Pairs {

    /** Every valid tuple of the batch: what a loss uses when no miner is configured. */
    static All all() {
        return All.INSTANCE;
    }

    /** Triplets that express these tuples for the given batch labels. */
    Triplets toTriplets(NDArray labels);

    /** Positive and negative pairs that express these tuples for the given batch labels. */
    Pairs toPairs(NDArray labels);

    /**
     * Checks that every tuple fits the batch: indices in range, anchors differ from their positives,
     * positives share the anchor's label, negatives do not.
     *
     * @throws IllegalArgumentException naming the first offending tuple
     */
    void checkAgainst(NDArray labels);

    /** Every valid tuple: the loss decides how to enumerate them (it may chunk over anchors). */
    final class All implements Tuples {
        private static final All INSTANCE = new All();

        private All() {}

        @Override
        public Triplets toTriplets(NDArray labels) {
            return allTriplets(labels);
        }

        @Override
        public Pairs toPairs(NDArray labels) {
            return allPairs(labels);
        }

        @Override
        public void checkAgainst(NDArray labels) {
            requireLabels(labels);
        }

        @Override
        public String toString() {
            return "Tuples.all()";
        }
    }

    /** Triplets (anchors[i], positives[i], negatives[i]). */
    record Triplets(NDArray anchors, NDArray positives, NDArray negatives) implements Tuples {

        public Triplets {
            requireIndices("anchors", anchors);
            requireIndices("positives", positives);
            requireIndices("negatives", negatives);
            requireSameLength("triplet", anchors, positives, negatives);
        }

        /** Number of triplets. */
        public long size() {
            return anchors.size();
        }

        @Override
        public Triplets toTriplets(NDArray labels) {
            return this;
        }

        @Override
        public Pairs toPairs(NDArray labels) {
            return new Pairs(anchors, positives, anchors, negatives);
        }

        @Override
        public void checkAgainst(NDArray labels) {
            requireLabels(labels);
            checkRelation(labels, "triplet", anchors, positives, true);
            checkRelation(labels, "triplet", anchors, negatives, false);
        }
    }

    /**
     * Positive pairs (positiveAnchors[i], positives[i]) and negative pairs (negativeAnchors[j],
     * negatives[j]); the two lists may differ in length.
     */
    record Pairs(NDArray positiveAnchors, NDArray positives, NDArray negativeAnchors, NDArray negatives)
            implements Tuples {

        public Pairs {
            requireIndices("positiveAnchors", positiveAnchors);
            requireIndices("positives", positives);
            requireIndices("negativeAnchors", negativeAnchors);
            requireIndices("negatives", negatives);
            requireSameLength("positive pair", positiveAnchors, positives);
            requireSameLength("negative pair", negativeAnchors, negatives);
        }

        /** Triplets formed by every positive and negative pair that share an anchor. */
        @Override
        public Triplets toTriplets(NDArray labels) {
            NDArray shared = positiveAnchors.reshape(-1, 1).eq(negativeAnchors.reshape(1, -1));
            NDArray index = shared.nonzero();
            NDArray p = index.get(":, 0");
            NDArray n = index.get(":, 1");
            return new Triplets(positiveAnchors.get(p), positives.get(p), negatives.get(n));
        }

        @Override
        public Pairs toPairs(NDArray labels) {
            return this;
        }

        @Override
        public void checkAgainst(NDArray labels) {
            requireLabels(labels);
            checkRelation(labels, "positive pair", positiveAnchors, positives, true);
            checkRelation(labels, "negative pair", negativeAnchors, negatives, false);
        }
    }

    /** Every (anchor, positive, negative) of the batch: B³ booleans, so for modest B only. */
    static Triplets allTriplets(NDArray labels) {
        requireLabels(labels);
        long b = labels.size();
        NDArray same = sameLabel(labels);
        NDArray positive = same.logicalAnd(notSelf(labels.getManager(), b));
        NDArray valid = positive.reshape(b, b, 1).logicalAnd(same.logicalNot().reshape(b, 1, b));
        NDArray index = valid.nonzero();
        return new Triplets(index.get(":, 0"), index.get(":, 1"), index.get(":, 2"));
    }

    /** Every positive pair (i ≠ j, same label) and every negative pair of the batch. */
    static Pairs allPairs(NDArray labels) {
        requireLabels(labels);
        long b = labels.size();
        NDArray same = sameLabel(labels);
        NDArray positive = same.logicalAnd(notSelf(labels.getManager(), b)).nonzero();
        NDArray negative = same.logicalNot().nonzero();
        return new Pairs(positive.get(":, 0"), positive.get(":, 1"), negative.get(":, 0"), negative.get(":, 1"));
    }

    /** (B, B) booleans: item i and item j share a label. */
    static NDArray sameLabel(NDArray labels) {
        return labels.reshape(-1, 1).eq(labels.reshape(1, -1));
    }

    private static NDArray notSelf(NDManager manager, long b) {
        NDArray eye = manager.eye((int) b);
        NDArray result = eye.eq(0);
        result.attach(eye.getManager());
        return result;
    }

    private static void requireLabels(NDArray labels) {
        Objects.requireNonNull(labels, "labels");
        if (labels.getShape().dimension() != 1) {
            throw new IllegalArgumentException("labels must be 1-D, was shape " + labels.getShape());
        }
    }

    private static void requireIndices(String what, NDArray indices) {
        Objects.requireNonNull(indices, what);
        if (indices.getShape().dimension() != 1) {
            throw new IllegalArgumentException(what + " must be a 1-D index array, was shape " + indices.getShape());
        }
        DataType type = indices.getDataType();
        if (type != DataType.INT64 && type != DataType.INT32) {
            throw new IllegalArgumentException(what + " must hold int32 or int64 indices, was " + type);
        }
    }

    private static void requireSameLength(String what, NDArray... parts) {
        for (NDArray part : parts) {
            if (part.size() != parts[0].size()) {
                throw new IllegalArgumentException(
                        "every " + what + " needs all its parts: lengths differ (" + parts[0].size() + " vs "
                                + part.size() + ")");
            }
        }
    }

    private static void checkRelation(NDArray labels, String what, NDArray first, NDArray second, boolean same) {
        long b = labels.size();
        long[] a = first.toType(DataType.INT64, false).toLongArray();
        long[] o = second.toType(DataType.INT64, false).toLongArray();
        long[] y = labels.toType(DataType.INT64, false).toLongArray();
        for (int i = 0; i < a.length; i++) {
            if (a[i] < 0 || a[i] >= b || o[i] < 0 || o[i] >= b) {
                throw new IllegalArgumentException(what + " " + i + " (" + a[i] + ", " + o[i]
                        + ") indexes outside the batch of " + b);
            }
            if (same && (a[i] == o[i] || y[(int) a[i]] != y[(int) o[i]])) {
                throw new IllegalArgumentException(what + " " + i + " (" + a[i] + ", " + o[i]
                        + ") is no positive: labels " + y[(int) a[i]] + " and " + y[(int) o[i]]
                        + (a[i] == o[i] ? ", and an item cannot be its own positive" : ""));
            }
            if (!same && y[(int) a[i]] == y[(int) o[i]]) {
                throw new IllegalArgumentException(what + " " + i + " (" + a[i] + ", " + o[i]
                        + ") is no negative: both have label " + y[(int) a[i]]);
            }
        }
    }
}
