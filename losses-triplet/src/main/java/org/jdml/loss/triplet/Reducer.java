package org.jdml.loss.triplet;

/**
 * How per-triplet losses become one number, as the {@code reducer} setting of the triplet loss names
 * it.
 */
public enum Reducer {

    /**
     * Mean over the triplets whose loss is above zero (pytorch-metric-learning's "average non-zero"):
     * easy triplets do not dilute the hard ones as training progresses. Zero when none is.
     */
    MEAN_OVER_POSITIVE,
    /** Mean over every triplet considered; zero when there is none. */
    MEAN,
    /** Sum over every triplet considered. */
    SUM
}
