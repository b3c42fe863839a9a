package org.jdml.sampler.smart;

/**
 * One batch with the part each item plays in it, for tests and diagnostics. Items are laid out group
 * by group (anchor, its positives, its negatives), then the fill.
 *
 * @param items indices into the training split
 * @param roles the role of each item
 * @param groups the anchor group of each item, from 0; -1 for fill
 */
public record MinedBatch(int[] items, Role[] roles, int[] groups) {

    /** What an item is in its batch. */
    public enum Role {
        /** A randomly chosen item whose group is built around it. */
        ANCHOR,
        /** One of the anchor's farthest items of its own class. */
        POSITIVE,
        /** An item of another class from the anchor's neighbour list. */
        MINED_NEGATIVE,
        /** A random item of another class, where the mined share leaves a negative slot to chance. */
        RANDOM_NEGATIVE,
        /** A random item that completes the batch. */
        FILL
    }

    /** Number of items with the given role. */
    public int count(Role role) {
        int n = 0;
        for (Role r : roles) {
            if (r == role) {
                n++;
            }
        }
        return n;
    }
}
