package org.jdml.dataset.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdml.api.data.DataSplit;
import org.jdml.api.data.MetricDataset;

/**
 * The product of every dataset factory here: a training split, an evaluation split whose classes
 * the training never sees, an optional gallery, and the list of skipped items.
 */
public final class ZeroShotDataset implements MetricDataset {

    private final DataSplit training;
    private final DataSplit evaluation;
    private final DataSplit gallery;
    private final Supplier<List<String>> skipped;
    private final Map<String, String> records;

    /**
     * @param gallery null when every evaluation item is searched against the other evaluation items
     * @param skipped the items skipped so far (images may turn out unreadable while training runs)
     */
    public ZeroShotDataset(DataSplit training, DataSplit evaluation, DataSplit gallery,
            Supplier<List<String>> skipped) {
        this(training, evaluation, gallery, skipped, Map.of());
    }

    /** @param records files for the run folder, see {@link MetricDataset#records()} */
    public ZeroShotDataset(DataSplit training, DataSplit evaluation, DataSplit gallery,
            Supplier<List<String>> skipped, Map<String, String> records) {
        this.training = training;
        this.evaluation = evaluation;
        this.gallery = gallery;
        this.skipped = skipped;
        this.records = Map.copyOf(records);
    }

    public ZeroShotDataset(DataSplit training, DataSplit evaluation) {
        this(training, evaluation, null, List::of);
    }

    @Override
    public DataSplit training() {
        return training;
    }

    @Override
    public DataSplit evaluation() {
        return evaluation;
    }

    @Override
    public Optional<DataSplit> gallery() {
        return Optional.ofNullable(gallery);
    }

    @Override
    public List<String> skipped() {
        return skipped.get();
    }

    @Override
    public Map<String, String> records() {
        return records;
    }
}
