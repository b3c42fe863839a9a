package org.jdml.bench;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Locale;
import org.jdml.runner.assembly.Registries;
import org.jdml.runner.train.BatchPipeline;
import org.jdml.runner.train.TrainingLoop;

/**
 * Whether training waits for its data: the run's own {@link TrainingLoop} (batches read ahead on
 * the background thread, {@code jdml.train.prefetch}) for {@code iterations} steps after {@code
 * warmup} untimed ones, and the share of their wall time that the steps spent blocked on a batch
 * not read yet.
 */
final class DataWaitBench {

    /**
     * @param secondsPerIteration wall time of the timed steps over their number
     * @param dataWait how long the timed steps waited for data
     * @param othersCpu share of the machine's CPU other processes used meanwhile (NaN if unknown)
     */
    record Result(String label, int iterations, double secondsPerIteration, BatchPipeline.DataWait dataWait,
            double othersCpu) {

        double waitShare() {
            double total = secondsPerIteration * iterations;
            return total > 0 ? Math.min(1, dataWait.seconds() / total) : 0;
        }

        /**
         * The part of a step not spent waiting: its own work. Not what a step would take with its data
         * always ready, when the reader decodes on the same cores meanwhile.
         */
        double secondsPerIterationNotWaiting() {
            return secondsPerIteration - dataWait.seconds() / iterations;
        }
    }

    private DataWaitBench() {}

    /** @param config the run's configuration, with the benchmark's settings on top */
    static Result run(String label, Config config, Registries registries, int warmup, int iterations) {
        try (StandaloneLoop run = StandaloneLoop.open(config, registries)) {
            run.steps(warmup);
            TrainingLoop loop = run.loop();
            BatchPipeline.DataWait before = loop.dataWait();
            CpuUsage cpu = CpuUsage.start();
            long start = System.nanoTime();
            run.steps(iterations);
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(label, iterations, seconds / iterations, loop.dataWait().since(before),
                    cpu.othersShare());
        }
    }

    /** A markdown table, one row per result. */
    static String table(List<Result> rows) {
        StringBuilder text = new StringBuilder("| backbone | s/iter | waiting for data | s/iter not waiting "
                + "| batches that waited | others |\n|---|---:|---:|---:|---:|---:|\n");
        for (Result r : rows) {
            text.append(String.format(Locale.ROOT, "| %s | %.3f | %.1f %% | %.3f | %d of %d | %s |%n", r.label(),
                    r.secondsPerIteration(), 100 * r.waitShare(), r.secondsPerIterationNotWaiting(),
                    r.dataWait().batchesWaited(), r.dataWait().batches(), MarkdownSection.percent(r.othersCpu())));
        }
        return text.toString();
    }
}
