package org.jdml.api.data;

import java.util.Optional;
import org.jdml.api.Stable;

/**
 * A dataset split for zero-shot retrieval: the classes of {@link #training()} never appear in the
 * evaluation sets.
 */
@Stable
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

    /**
     * Files the run folder keeps about where the data came from (file name to text), e.g. the font
     * files a rendered dataset was drawn from, with their checksums. Empty unless the dataset has such
     * a record.
     */
    default java.util.Map<String, String> records() {
        return java.util.Map.of();
    }
}
