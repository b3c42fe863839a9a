package org.jdml.bench;

import org.jdml.runner.train.RunEvaluation;
import com.typesafe.config.Config;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jdml.runner.assembly.Registries;
import org.jdml.runner.engine.EngineSetup;

/**
 * Seconds per training iteration of one configuration: {@code warmup} iterations untimed, then the
 * median (and 10th and 90th percentiles) of {@code iterations} timed ones, with the share of the CPU
 * that other processes used meanwhile. Optionally times one evaluation of the model afterwards.
 */
public final class IterationBenchmark {

    /** One measurement. */
    /** @param compute how the network computed ({@link ComputeChoice#label}: fp32, bf16+channels-last, ...) */
    public record Result(String label, int threads, double median, double p10, double p90, double othersCpu,
            int iterations, double evaluationSeconds, String compute) {}

    private IterationBenchmark() {}

    /**
     * @param config the run's configuration (the benchmark's settings over the defaults)
     * @param evaluate also time one evaluation (embedding the evaluation split, then the metrics)
     */
    public static Result run(String label, Config config, Registries registries, int warmup, int iterations,
            boolean evaluate) {
        try (StandaloneLoop run = StandaloneLoop.open(config, registries)) {
            run.steps(warmup);
            double[] seconds = new double[iterations];
            CpuUsage cpu = CpuUsage.start();
            for (int i = 0; i < iterations; i++) {
                long start = System.nanoTime();
                run.loop().step();
                seconds[i] = (System.nanoTime() - start) / 1e9;
            }
            double others = cpu.othersShare();
            double evaluation = Double.NaN;
            if (evaluate) {
                evaluation = new RunEvaluation(config, run.components().dataset(), run.loop().embedder(), run.manager(),
                        run.settings().loop().progress()).evaluate().seconds();
            }
            Arrays.sort(seconds);
            return new Result(label, EngineSetup.threads(), percentile(seconds, 0.5), percentile(seconds, 0.1),
                    percentile(seconds, 0.9), others, iterations, evaluation, ComputeChoice.of(config));
        }
    }

    /** The q-quantile of sorted values, by linear interpolation. */
    static double percentile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int low = (int) Math.floor(position);
        int high = Math.min(sorted.length - 1, low + 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }

    /** A markdown table of results, one row each. */
    public static String table(List<Result> results) {
        boolean compared = results.stream().anyMatch(r -> !r.compute().equals("fp32"));
        StringBuilder text = new StringBuilder(compared
                ? "| loss | compute | threads | s/iter (median) | against fp32 | p10 - p90 | other processes' CPU |\n"
                        + "|---|---|---:|---:|---:|---:|---:|\n"
                : "| loss | threads | s/iter (median) | p10 - p90 | other processes' CPU |\n"
                        + "|---|---:|---:|---:|---:|\n");
        for (Result r : results) {
            String others = Double.isNaN(r.othersCpu()) ? "n/a"
                    : String.format(Locale.ROOT, "%.0f %%", 100 * r.othersCpu());
            if (compared) {
                text.append(String.format(Locale.ROOT, "| %s | %s | %d | %.4f | %s | %.4f - %.4f | %s |%n", r.label(),
                        r.compute(), r.threads(), r.median(), againstFloat32(r, results), r.p10(), r.p90(), others));
            } else {
                text.append(String.format(Locale.ROOT, "| %s | %d | %.4f | %.4f - %.4f | %s |%n", r.label(),
                        r.threads(), r.median(), r.p10(), r.p90(), others));
            }
        }
        return text.toString();
    }

    /** The ratio of {@code r}'s median to the fp32 row of the same label and thread count, or "-". */
    static String againstFloat32(Result r, List<Result> results) {
        return results.stream().filter(o -> o.compute().equals("fp32") && o.label().equals(r.label())
                        && o.threads() == r.threads()).findFirst()
                .map(o -> String.format(Locale.ROOT, "%.2f x", r.median() / o.median())).orElse("-");
    }
}
