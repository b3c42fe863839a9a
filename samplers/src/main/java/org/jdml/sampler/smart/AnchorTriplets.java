package org.jdml.sampler.smart;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Random;

/**
 * Algorithm 1 of Harwood et al. 2017 (Smart Mining) for one anchor: its valid negatives and positives
 * read off its neighbour list, and the triplets drawn from them during one epoch.
 *
 * <p>Walking the list nearest first, negatives are skipped until the first positive, which sets the
 * exclusion bound {@code kappa * d2(a, firstPositive)} and is the first valid positive. Later
 * neighbours closer than the bound are skipped; a farther negative becomes a valid negative; a farther
 * positive becomes a valid positive that may be paired with the valid negatives seen before it (those
 * closer to the anchor than it), so every mined triplet has {@code d(a,p) > d(a,n)}.
 */
public final class AnchorTriplets {

    /** Where a triplet came from, so batches can be checked and counted. */
    public enum Source { MINED, RANDOM_POSITIVE, RANDOM }

    /** One explicit triplet of item indices. */
    public record Triplet(int anchor, int positive, int negative, Source source) { }

    private final int anchor;
    private final int[] validNegatives;
    private final int[] validPositives;
    /** For each valid positive, how many valid negatives precede it in the list. */
    private final int[] negativesBefore;
    private final BitSet listed;
    private int nextNegative;

    private AnchorTriplets(int anchor, int[] validNegatives, int[] validPositives, int[] negativesBefore,
            BitSet listed) {
        this.anchor = anchor;
        this.validNegatives = validNegatives;
        this.validPositives = validPositives;
        this.negativesBefore = negativesBefore;
        this.listed = listed;
    }

    /**
     * @param neighbours the anchor's neighbour list, nearest first (the anchor itself excluded)
     * @param squaredDistances the squared distance of each neighbour to the anchor
     * @param labels the class of every training item
     * @param kappa the exclusion factor on the squared distance to the nearest positive
     */
    public static AnchorTriplets of(int anchor, int[] neighbours, float[] squaredDistances, int[] labels,
            double kappa) {
        if (neighbours.length != squaredDistances.length) {
            throw new IllegalArgumentException(neighbours.length + " neighbours but "
                    + squaredDistances.length + " distances for anchor " + anchor);
        }
        int n = neighbours.length;
        int[] negatives = new int[n];
        int[] positives = new int[n];
        int[] before = new int[n];
        int negativeCount = 0;
        int positiveCount = 0;
        double bound = Double.NaN;
        BitSet listed = new BitSet();
        for (int r = 0; r < n; r++) {
            int item = neighbours[r];
            listed.set(item);
            boolean positive = labels[item] == labels[anchor];
            if (Double.isNaN(bound)) {
                if (positive) {
                    bound = kappa * squaredDistances[r];
                    before[positiveCount] = 0;
                    positives[positiveCount++] = item;
                }
                continue;
            }
            if (squaredDistances[r] <= bound) {
                continue;
            }
            if (positive) {
                before[positiveCount] = negativeCount;
                positives[positiveCount++] = item;
            } else {
                negatives[negativeCount++] = item;
            }
        }
        return new AnchorTriplets(anchor, Arrays.copyOf(negatives, negativeCount),
                Arrays.copyOf(positives, positiveCount), Arrays.copyOf(before, positiveCount), listed);
    }

    /** How many of the valid negatives this epoch's triplets have used. */
    public int usedNegatives() {
        return Math.min(nextNegative, validNegatives.length);
    }

    /** Marks the first {@code used} valid negatives as used, as a checkpoint of this epoch recorded. */
    void restoreUsed(int used) {
        if (used < 0 || used > validNegatives.length) {
            throw new IllegalArgumentException("anchor " + anchor + " has " + validNegatives.length
                    + " valid negatives, a checkpoint says " + used + " were used");
        }
        nextNegative = used;
    }

    /** The valid negatives, nearest first. */
    public int[] validNegatives() {
        return validNegatives.clone();
    }

    /** The valid positives, nearest first. */
    public int[] validPositives() {
        return validPositives.clone();
    }

    /**
     * The anchor's next triplet this epoch: the first unused valid negative with the first valid
     * positive farther than it; if no such positive, a random positive outside the list (any other
     * member of the class when the list holds all of them); once the
     * valid negatives are used up (or there are none), a random triplet.
     *
     * @param classMembers the items of every class, indexed by label
     */
    public Triplet next(int[] labels, int[][] classMembers, Random random) {
        int label = labels[anchor];
        if (nextNegative >= validNegatives.length) {
            return new Triplet(anchor, randomPositive(anchor, classMembers[label], null, random),
                    randomNegative(labels, label, random), Source.RANDOM);
        }
        int j = nextNegative++;
        int negative = validNegatives[j];
        for (int p = 0; p < validPositives.length; p++) {
            if (negativesBefore[p] > j) {
                return new Triplet(anchor, validPositives[p], negative, Source.MINED);
            }
        }
        int[] members = classMembers[label];
        // the paper's fallback is a positive from outside the list; when the list holds the whole class
        // (a class smaller than the list) there is none, and any other member of the class stands in
        int positive = hasMemberOutside(members, listed) ? randomPositive(anchor, members, listed, random)
                : randomPositive(anchor, members, null, random);
        return new Triplet(anchor, positive, negative, Source.RANDOM_POSITIVE);
    }

    private boolean hasMemberOutside(int[] members, BitSet exclude) {
        for (int item : members) {
            if (item != anchor && !exclude.get(item)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A random member of the anchor's class other than the anchor, not in {@code exclude} (may be null).
     *
     * @throws IllegalStateException when there is none
     */
    static int randomPositive(int anchor, int[] members, BitSet exclude, Random random) {
        int candidates = 0;
        for (int item : members) {
            if (item != anchor && (exclude == null || !exclude.get(item))) {
                candidates++;
            }
        }
        if (candidates == 0) {
            throw new IllegalStateException("item " + anchor
                    + " has no other item of its class outside its neighbour list to pair with");
        }
        int pick = random.nextInt(candidates);
        for (int item : members) {
            if (item != anchor && (exclude == null || !exclude.get(item)) && pick-- == 0) {
                return item;
            }
        }
        throw new AssertionError();
    }

    /** A random item whose label is not {@code label}. */
    static int randomNegative(int[] labels, int label, Random random) {
        for (int tries = 0; tries < 1_000_000; tries++) {
            int item = random.nextInt(labels.length);
            if (labels[item] != label) {
                return item;
            }
        }
        throw new IllegalStateException("no item outside class " + label + " to use as a negative");
    }
}
