package org.jdml.loss.triplet;

/**
 * How many anchors to treat at once when a computation needs one (B, B) slab per anchor, such as
 * every (anchor, positive, negative) combination of a batch. B³ values do not fit at large B (4 GB
 * of float32 at B = 1,024), so the work runs over blocks of anchors whose (chunk, B, B) slabs stay
 * within an element budget.
 */
public final class AnchorChunks {

    /** 2²⁴ elements: 64 MB of float32 per (chunk, B, B) slab. */
    public static final long DEFAULT_ELEMENTS = 1L << 24;

    private AnchorChunks() {}

    /**
     * Anchors per block so that {@code anchors × batch × batch ≤ elements}, at least 1 and at most
     * the batch.
     */
    public static int anchorsPerChunk(long batch, long elements) {
        if (elements < 1) {
            throw new IllegalArgumentException("a chunk needs a positive element budget, was " + elements);
        }
        if (batch <= 0) {
            return 1;
        }
        long perAnchor = batch * batch;
        long anchors = Math.max(1, elements / perAnchor);
        return (int) Math.min(anchors, batch);
    }
}
