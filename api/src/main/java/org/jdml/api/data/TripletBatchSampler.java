package org.jdml.api.data;

import ai.djl.ndarray.NDManager;
import org.jdml.api.Experimental;
import org.jdml.api.mining.Tuples;

/**
 * A sampler whose batches are explicit triplets: every batch holds {@code 3k} indices, read as
 * {@code (anchor, positive, negative)} in consecutive threes (an item may appear more than once). The
 * host then scores exactly those triplets, with no miner and without the other triplets the batch
 * happens to contain. Any sampler, in jdml or not, opts in by implementing this interface; the layout
 * is fixed, so the triplets travel with the batch through prefetching.
 */
@Experimental("new with smart mining")
public interface TripletBatchSampler extends BatchSampler {

    /**
     * The triplets of a batch of {@code batchSize} positions laid out as this interface says.
     *
     * @throws IllegalArgumentException when {@code batchSize} is not a positive multiple of 3
     */
    static Tuples.Triplets triplets(NDManager manager, int batchSize) {
        if (batchSize <= 0 || batchSize % 3 != 0) {
            throw new IllegalArgumentException("a triplet batch holds a positive multiple of 3 items (anchor,"
                    + " positive, negative), this one " + batchSize);
        }
        int k = batchSize / 3;
        long[] anchors = new long[k];
        long[] positives = new long[k];
        long[] negatives = new long[k];
        for (int t = 0; t < k; t++) {
            anchors[t] = 3L * t;
            positives[t] = 3L * t + 1;
            negatives[t] = 3L * t + 2;
        }
        return new Tuples.Triplets(manager.create(anchors), manager.create(positives), manager.create(negatives));
    }
}
