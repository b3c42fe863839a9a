package org.jdml.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.jdml.api.data.DataSplit;

/**
 * Images per second through a split's {@link DataSplit#read}: decoding and the transform of
 * training (augment) or evaluation, on the split's own worker threads, for batches of random items.
 * Warm-up batches are read first and not timed (JIT, file cache); then each repeat times
 * {@code batches} batches.
 */
final class DecodeThroughput {

    /** How a measurement is run. */
    record Plan(int batchSize, int warmupBatches, int batches, int repeats, long seed) {

        Plan {
            if (batchSize < 1 || warmupBatches < 0 || batches < 1 || repeats < 1) {
                throw new IllegalArgumentException("bad plan " + batchSize + "/" + warmupBatches + "/" + batches + "/"
                        + repeats);
            }
        }
    }

    /**
     * @param imagesPerSecond one value per repeat, in the order measured
     * @param othersCpu the share of the machine's CPU that other processes used meanwhile (NaN if unknown)
     */
    record Result(double[] imagesPerSecond, double othersCpu) {

        double median() {
            double[] sorted = imagesPerSecond.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }

        double min() {
            return Arrays.stream(imagesPerSecond).min().orElse(Double.NaN);
        }

        double max() {
            return Arrays.stream(imagesPerSecond).max().orElse(Double.NaN);
        }
    }

    /** One measurement: the training path (augment) or the evaluation path, with {@code workers} threads. */
    record Row(boolean training, int workers, Result result) {}

    private DecodeThroughput() {}

    static Result measure(DataSplit split, boolean augment, Plan plan) {
        Random random = new Random(plan.seed());
        for (int b = 0; b < plan.warmupBatches(); b++) {
            split.read(indices(split.size(), plan.batchSize(), random), augment, random);
        }
        double[] rates = new double[plan.repeats()];
        CpuUsage cpu = CpuUsage.start();
        for (int r = 0; r < plan.repeats(); r++) {
            long start = System.nanoTime();
            for (int b = 0; b < plan.batches(); b++) {
                split.read(indices(split.size(), plan.batchSize(), random), augment, random);
            }
            rates[r] = (double) plan.batches() * plan.batchSize() / ((System.nanoTime() - start) / 1e9);
        }
        return new Result(rates, cpu.othersShare());
    }

    /** A batch of items drawn uniformly at random, with repeats, spread over the split as a sampler spreads them. */
    private static int[] indices(int size, int batchSize, Random random) {
        int[] indices = new int[batchSize];
        for (int i = 0; i < batchSize; i++) {
            indices[i] = random.nextInt(size);
        }
        return indices;
    }

    /** A markdown table, the training path's rows first; the paths are named with their sizes. */
    static String table(List<Row> rows, int itemSize, int resize) {
        StringBuilder text = new StringBuilder("| path | workers | images/s (median) | min - max | others |\n"
                + "|---|---:|---:|---:|---:|\n");
        String training = String.format(Locale.ROOT, "training: decode, random resized crop %d, flip, normalise",
                itemSize);
        String evaluation = String.format(Locale.ROOT, "evaluation: decode, resize %d, centre crop %d, normalise",
                resize, itemSize);
        for (boolean trainingPath : new boolean[] {true, false}) {
            for (Row row : rows) {
                if (row.training() != trainingPath) {
                    continue;
                }
                Result r = row.result();
                text.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f - %.1f | %s |%n",
                        trainingPath ? training : evaluation, row.workers(), r.median(), r.min(), r.max(),
                        MarkdownSection.percent(r.othersCpu())));
            }
        }
        return text.toString();
    }
}
