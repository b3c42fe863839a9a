package org.jdml.api.data;

import java.util.Optional;

/**
 * A dataset split for zero-shot retrieval: the classes of {@link #training()} never appear in the
 * evaluation sets.
 */
public interface MetricDataset {

    DataSplit training();

    /**
     * The queries. Without a {@link #gallery()} every query is searched against all the other
     * queries (the query itself excluded), the usual protocol of CUB, Cars and SOP.
     */
    DataSplit evaluation();

    /** A separate gallery to search (In-Shop's protocol), or empty. */
    default Optional<DataSplit> gallery() {
        return Optional.empty();
    }

    /** Items the dataset skipped as unreadable, with the reason for each (empty unless allowed). */
    default java.util.List<String> skipped() {
        return java.util.List.of();
    }
}
