package org.jdml.sampler.smart;

/**
 * The validated settings of a {@link SmartMiningSampler}, {@code jdml.sampler.smart-mining}.
 *
 * @param batchSize items per batch
 * @param anchors anchor groups per batch
 * @param positives hardest positives per anchor
 * @param negatives negative slots per anchor (mined or random)
 * @param positiveCandidates class members examined per anchor when looking for its hardest positives
 * @param refreshEvery batches between two refreshes of the neighbour lists (already resolved, > 0)
 * @param embedChunk items per call of the embedder
 * @param index how neighbours are searched
 * @param exactBelow with {@link IndexKind#AUTO}: exact search below this many items, HNSW from it on
 * @param exactChunk query rows per distance block of the exact search
 * @param hnswM links per node of the HNSW graph
 * @param hnswEfConstruction candidate list size while building the HNSW graph
 * @param hnswEf candidate list size while searching the HNSW graph
 * @param neighbours initial value and bounds of the neighbourhood size knob; {@code neighbours.max()}
 *     neighbours are stored per item
 * @param minedShare initial value and bounds of the mined-share knob
 */
public record SmartMiningSettings(int batchSize, int anchors, int positives, int negatives, int positiveCandidates,
        int refreshEvery, int embedChunk, IndexKind index, int exactBelow, int exactChunk, int hnswM,
        int hnswEfConstruction, int hnswEf, Range neighbours, Range minedShare) {

    /** A knob's starting value and its bounds. */
    public record Range(double initial, double min, double max) {}

    /** Items of one anchor group when every slot is filled: anchor, positives, negatives. */
    public int groupSize() {
        return 1 + positives + negatives;
    }

    /** The search the index setting selects for a training set of {@code items}. */
    public IndexKind resolvedIndex(int items) {
        if (index != IndexKind.AUTO) {
            return index;
        }
        return items < exactBelow ? IndexKind.EXACT : IndexKind.HNSW;
    }
}
