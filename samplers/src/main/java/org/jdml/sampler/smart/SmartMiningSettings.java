package org.jdml.sampler.smart;

/**
 * The validated settings of a {@link SmartMiningSampler}, {@code jdml.sampler.smart-mining}.
 *
 * @param batchSize items per batch, a multiple of 3: {@code batchSize / 3} triplets
 * @param epochBatches batches of one mining epoch: a refresh starts each mined epoch, and a negative
 *     serves an anchor at most once per epoch (already resolved, > 0)
 * @param warmupEpochs epochs of random triplets before mining starts
 * @param minedShare share of each batch's triplets that are mined, in [0, 1]
 * @param kappa initial value and bounds of the exclusion factor, the knob {@value SmartMiningSampler#KAPPA_KNOB}
 * @param neighbours length of every item's neighbour list
 * @param embeddings where a refresh takes each item's embedding from
 * @param embedChunk items per call of the embedder
 * @param index how neighbours are searched
 * @param exactBelow with {@link IndexKind#AUTO}: exact search below this many items, HNSW from it on
 * @param exactChunk query rows per distance block of the exact search
 * @param hnswM links per node of the HNSW graph
 * @param hnswEfConstruction candidate list size while building the HNSW graph
 * @param hnswEf candidate list size while searching the HNSW graph
 */
public record SmartMiningSettings(int batchSize, int epochBatches, int warmupEpochs, double minedShare, Range kappa,
        int neighbours, RefreshEmbeddings embeddings, int embedChunk, IndexKind index, int exactBelow,
        int exactChunk, int hnswM, int hnswEfConstruction, int hnswEf) {

    /** A knob's starting value and its bounds. */
    public record Range(double initial, double min, double max) {}

    /** Where a refresh takes the embeddings it searches. */
    public enum RefreshEmbeddings {
        /**
         * The items the last epoch's training steps embedded keep that embedding (the latest one);
         * only the others are embedded again.
         */
        REUSE_TRAINING,
        /** Every item is embedded again with the model as it is at the refresh. */
        FULL
    }

    /** Triplets per batch. */
    public int triplets() {
        return batchSize / 3;
    }

    /** The search the index setting selects for a training set of {@code items}. */
    public IndexKind resolvedIndex(int items) {
        if (index != IndexKind.AUTO) {
            return index;
        }
        return items < exactBelow ? IndexKind.EXACT : IndexKind.HNSW;
    }
}
