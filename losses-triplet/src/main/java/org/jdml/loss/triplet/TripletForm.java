package org.jdml.loss.triplet;

/** How a triplet's two distances become its loss. */
public enum TripletForm {
    /** {@code max(0, d(a,p) − d(a,n) + margin)}, or its softplus. */
    DIFFERENCE,
    /**
     * {@code max(0, 1 − d(a,n) / (d(a,p) + margin))}, the ratio of Harwood et al. 2017 (eq. 2): zero once
     * the negative is farther than the positive plus the margin, at most 1.
     */
    RATIO
}
