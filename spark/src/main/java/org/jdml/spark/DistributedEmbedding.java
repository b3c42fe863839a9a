package org.jdml.spark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.jdml.api.data.DataSplit;
import org.jdml.runner.command.SplitName;
import org.jdml.runner.train.TrainedModel;

/**
 * Embeds a split across Spark tasks: the items are cut into consecutive ranges, one partition each;
 * a task restores the run's model once (on its executor's GPU when it has one) and embeds its range
 * in batches, in evaluation mode. The parts are kept (memory, then disk) so that writing them and
 * counting what was skipped do not embed twice; a retried task embeds its range again from scratch,
 * so a failure changes nothing.
 */
final class DistributedEmbedding {

    private DistributedEmbedding() {}

    /** The parts, in item order once collected. */
    static JavaRDD<EmbeddedPart> embed(JavaSparkContext spark, RunLocation run, SplitName split, int items,
            int partitions, int batchSize) {
        List<int[]> ranges = batchRanges(items, partitions, batchSize);
        return spark.parallelize(ranges, ranges.size())
                .map(range -> embedRange(run, split, range[0], range[1]))
                .persist(StorageLevel.MEMORY_AND_DISK());
    }

    /**
     * Near-equal consecutive ranges of whole batches: every range starts at a multiple of {@code
     * batchSize}, so that the model sees the very batches {@code jdml embed} gives it and the vectors
     * are its bit for bit.
     */
    static List<int[]> batchRanges(int items, int parts, int batchSize) {
        int batches = (items + batchSize - 1) / batchSize;
        List<int[]> ranges = new ArrayList<>();
        for (int[] range : ranges(batches, parts)) {
            ranges.add(new int[] {range[0] * batchSize, Math.min(items, range[1] * batchSize)});
        }
        return ranges;
    }

    /** {@code parts} near-equal consecutive ranges [start, end) covering {@code items}. */
    static List<int[]> ranges(int items, int parts) {
        int count = Math.max(1, Math.min(parts, items));
        List<int[]> ranges = new ArrayList<>(count);
        for (int p = 0; p < count; p++) {
            ranges.add(new int[] {(int) ((long) items * p / count), (int) ((long) items * (p + 1) / count)});
        }
        return ranges;
    }

    private static EmbeddedPart embedRange(RunLocation run, SplitName split, int start, int end) {
        TaskFaults.check("embed");
        try (TrainedModel model = run.load(); NDManager work = model.manager().newSubManager()) {
            DataSplit items = split.of(model.dataset(), run.dataset());
            int[] indices = new int[end - start];
            int[] labels = new int[indices.length];
            String[] sources = new String[indices.length];
            for (int i = 0; i < indices.length; i++) {
                indices[i] = start + i;
                labels[i] = items.labels()[start + i];
                sources[i] = items.source(start + i);
            }
            NDArray embeddings = model.embedder().embed(items, indices, work, done -> {});
            int dim = (int) embeddings.getShape().get(1);
            return new EmbeddedPart(start, labels, sources, embeddings.toFloatArray(), dim,
                    List.copyOf(model.dataset().skipped()));
        }
    }

    /** What the dataset skipped as unreadable, each item once (a dataset may list load-time skips in every part). */
    static List<String> skipped(List<List<String>> perPart) {
        Set<String> all = new LinkedHashSet<>();
        perPart.forEach(all::addAll);
        return List.copyOf(all);
    }

    /** The parts joined in item order, as one block of vectors. */
    static Vectors join(List<EmbeddedPart> parts) {
        parts = new ArrayList<>(parts);
        parts.sort(java.util.Comparator.comparingInt(EmbeddedPart::start));
        int rows = parts.stream().mapToInt(EmbeddedPart::size).sum();
        int dim = parts.isEmpty() ? 0 : parts.get(0).dim();
        float[] values = new float[Math.multiplyExact(rows, dim)];
        int[] labels = new int[rows];
        int row = 0;
        for (EmbeddedPart part : parts) {
            if (part.start() != row) {
                throw new IllegalStateException("parts do not cover the split: expected item " + row + ", got "
                        + part.start());
            }
            System.arraycopy(part.vectors(), 0, values, row * dim, part.vectors().length);
            System.arraycopy(part.labels(), 0, labels, row, part.size());
            row += part.size();
        }
        return new Vectors(values, rows, dim, labels);
    }
}
