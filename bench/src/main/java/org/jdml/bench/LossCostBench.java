package org.jdml.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import com.typesafe.config.Config;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.jdml.api.ComponentKind;
import org.jdml.api.loss.LossOutput;
import org.jdml.api.loss.MetricLoss;
import org.jdml.api.mining.Miner;
import org.jdml.api.mining.Tuples;
import org.jdml.api.ComponentHost;
import org.jdml.api.HostContext;

/**
 * Times one training step's loss work (mining when a miner is set, the loss's forward pass and the
 * backward pass into the embeddings and the loss's own parameters) on random L2-normalised
 * embeddings of balanced classes, for growing batch sizes, and fits the log-log slope of time
 * against batch size.
 */
final class LossCostBench {

    /** What to measure. */
    record Plan(int[] batchSizes, int[] extendedBatchSizes, double linearSlope, int dimension, int classes,
            int warmup, int repeats, double cellSeconds, double maxSeconds, double memoryShare, boolean threadCpu,
            long seed) {
    }

    /** One row of the result: a loss (with a miner or none), its median seconds per batch size. */
    record Row(String loss, String miner, int[] batchSizes, double[] seconds, String note) {

        /** Least-squares slope of log(seconds) against log(batch size) over the measured sizes. */
        double slope() {
            return Slope.logLog(batchSizes, seconds);
        }

        /** The slope between the two largest batch sizes: the closest to the asymptotic exponent. */
        double endSlope() {
            int n = batchSizes.length;
            return n < 2 ? Double.NaN : Slope.logLog(java.util.Arrays.copyOfRange(batchSizes, n - 2, n),
                    java.util.Arrays.copyOfRange(seconds, n - 2, n));
        }
    }

    /** A cell's median step time and how much the process's resident memory peaked above its start. */
    record Cell(double seconds, long peakGrowth) {
    }

    /** Memory grows at most like B^3 with the batch size (a batch-all miner's B x B x B arrays). */
    static final double MEMORY_EXPONENT = 3;

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    /** A warm-up step longer than this ends the warm-up. */
    static final double LONG_STEP_SECONDS = 1.0;

    private final ComponentHost host;
    private final Config config;
    private final Plan plan;
    private final PrintStream log;

    /** @param config the losses' and miners' settings by full path, over the host's defaults */
    LossCostBench(ComponentHost host, Config config, Plan plan, PrintStream log) {
        this.host = host;
        this.config = config;
        this.plan = plan;
        this.log = log;
    }

    /** Every loss alone, then the triplet loss with every miner; {@code only} restricts the loss names. */
    List<Row> runAll(List<String> only) {
        List<Row> rows = new ArrayList<>();
        for (String loss : host.registry(ComponentKind.LOSS).names()) {
            if (only.isEmpty() || only.contains(loss)) {
                rows.add(run(loss, null));
            }
        }
        if (only.isEmpty() || only.contains("triplet")) {
            if (host.registry(ComponentKind.LOSS).find("triplet").isPresent()) {
                for (String miner : host.registry(ComponentKind.MINER).names()) {
                    rows.add(run("triplet", miner));
                }
            }
        }
        return rows;
    }

    /** Measures one loss (with {@code miner}, or every valid tuple when null). */
    Row run(String lossName, String minerName) {
        List<Integer> sizes = new ArrayList<>();
        List<Double> medians = new ArrayList<>();
        String note = "";
        List<Integer> plannedSizes = new ArrayList<>();
        Arrays.stream(plan.batchSizes()).forEach(plannedSizes::add);
        boolean extended = false;
        long lastGrowth = -1;
        for (int i = 0; i < plannedSizes.size(); i++) {
            int b = plannedSizes.get(i);
            if (!medians.isEmpty()) {
                int lastB = sizes.get(sizes.size() - 1);
                double last = medians.get(medians.size() - 1);
                double growth = Math.max(1, sizes.size() >= 2 ? slopeOf(sizes, medians) : 1);
                double predicted = last * Math.pow((double) b / lastB, growth);
                if (predicted > plan.maxSeconds()) {
                    note = String.format(Locale.ROOT, "stopped before B=%d (predicted %.1f s per step)", b, predicted);
                    break;
                }
                long available = ProcessMemory.available();
                double memory = lastGrowth * Math.pow((double) b / lastB, MEMORY_EXPONENT);
                if (lastGrowth > 0 && available > 0 && memory > plan.memoryShare() * available) {
                    note = String.format(Locale.ROOT, "stopped before B=%d (memory could reach %.1f GB)", b,
                            memory / 1e9);
                    break;
                }
            }
            try {
                Cell cell = measure(lossName, minerName, b);
                medians.add(cell.seconds());
                lastGrowth = cell.peakGrowth();
                sizes.add(b);
            } catch (RuntimeException e) {
                note = "B=" + b + " failed: " + e.getMessage();
                break;
            }
            if (!extended && i == plannedSizes.size() - 1 && sizes.size() >= 2
                    && slopeOf(sizes, medians) < plan.linearSlope()) {
                Arrays.stream(plan.extendedBatchSizes()).filter(x -> x > b).forEach(plannedSizes::add);
                extended = true;
            }
        }
        return new Row(lossName, minerName == null ? "" : minerName, sizes.stream().mapToInt(Integer::intValue).toArray(),
                medians.stream().mapToDouble(Double::doubleValue).toArray(), note);
    }

    private static double slopeOf(List<Integer> sizes, List<Double> seconds) {
        return Slope.logLog(sizes.stream().mapToInt(Integer::intValue).toArray(),
                seconds.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Median seconds of one step at batch size {@code b}, after warm-up, and the memory it took. */
    Cell measure(String lossName, String minerName, int b) {
        long before = ProcessMemory.resident();
        boolean peakReset = ProcessMemory.resetPeak();
        try (NDManager manager = NDManager.newBaseManager()) {
            // the facts a loss or miner may ask for, and its nested parts built as a run builds them
            HostContext context = HostContext.builder(manager).seed(plan.seed()).embeddingSize(plan.dimension())
                    .trainingClasses(plan.classes()).batchSize(b).nested(host, config).build();
            MetricLoss loss = host.create(ComponentKind.LOSS, lossName, config, context);
            Optional<Miner> miner = minerName == null ? Optional.empty()
                    : Optional.of(host.create(ComponentKind.MINER, minerName, config, context));
            Optional<Block> block = loss.parameterBlock();
            block.ifPresent(blk -> blk.initialize(manager, DataType.FLOAT32, new Shape(b, plan.dimension()),
                    new Shape(b)));
            List<Parameter> parameters = block.map(blk -> blk.getParameters().values().stream()
                    .filter(Parameter::requiresGradient).toList()).orElse(List.of());
            float[] embeddings = embeddings(b, plan.dimension(), plan.classes(), plan.seed() + b);
            int[] labels = labels(b, plan.classes());
            List<Double> times = new ArrayList<>();
            double spent = 0;
            for (int rep = 0; rep < plan.warmup() + plan.repeats(); rep++) {
                double seconds = step(manager, loss, miner, parameters, embeddings, labels, b, plan.threadCpu());
                if (rep >= plan.warmup()) {
                    times.add(seconds);
                    spent += seconds;
                    if (times.size() >= 3 && spent > plan.cellSeconds()) {
                        break;   // slow cells: fewer repeats
                    }
                } else if (seconds > LONG_STEP_SECONDS) {
                    rep = plan.warmup() - 1;   // one step this long has warmed everything up
                }
            }
            double median = median(times);
            long growth = peakReset && before > 0 ? Math.max(0, ProcessMemory.peak() - before) : -1;
            log.printf(Locale.ROOT, "  %-16s %-18s B=%-5d %9.3f ms (median of %d), peak memory +%d MB%n", lossName,
                    minerName == null ? "(all tuples)" : minerName, b, median * 1e3, times.size(), growth >> 20);
            return new Cell(median, growth);
        }
    }

    /**
     * One step's seconds: wall-clock time, or with {@code threadCpu} the CPU time of the calling
     * thread, which with one intra-op thread does all the engine's work (forward and, on the CPU,
     * backward too) and does not count time lost to other processes.
     */
    private static double step(NDManager manager, MetricLoss loss, Optional<Miner> miner, List<Parameter> parameters,
            float[] embeddingValues, int[] labelValues, int b, boolean threadCpu) {
        try (NDManager batch = manager.newSubManager()) {
            NDArray embeddings = batch.create(embeddingValues, new Shape(b, embeddingValues.length / b));
            embeddings.setRequiresGradient(true);
            NDArray labels = batch.create(labelValues);
            long start = threadCpu ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                Tuples tuples = miner.map(m -> m.mine(embeddings.stopGradient(), labels)).orElse(Tuples.all());
                LossOutput out = loss.compute(embeddings, labels, tuples);
                collector.backward(out.loss());
                out.loss().getFloat();   // the value, as a training step reads it
            }
            try (NDArray g = embeddings.getGradient()) {
                g.get(0, 0).getFloat();
            }
            double seconds = ((threadCpu ? THREADS.getCurrentThreadCpuTime() : System.nanoTime()) - start) / 1e9;
            for (Parameter p : parameters) {   // gradients accumulate until an optimiser step: clear them
                try (NDArray g = p.getArray().getGradient()) {
                    g.subi(g);
                }
            }
            return seconds;
        }
    }

    /** Random Gaussian points, L2-normalised, row-major. */
    static float[] embeddings(int b, int d, int classes, long seed) {
        Random random = new Random(seed);
        float[] x = new float[b * d];
        for (int i = 0; i < b; i++) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                float v = (float) random.nextGaussian();
                x[i * d + j] = v;
                norm += v * v;
            }
            float inverse = (float) (1 / Math.sqrt(norm));
            for (int j = 0; j < d; j++) {
                x[i * d + j] *= inverse;
            }
        }
        return x;
    }

    /** Balanced labels 0, 1, ..., classes - 1, 0, 1, ... */
    static int[] labels(int b, int classes) {
        int[] y = new int[b];
        for (int i = 0; i < b; i++) {
            y[i] = i % classes;
        }
        return y;
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** A markdown table: one column per batch size (milliseconds), then the slope and notes. */
    static String table(List<Row> rows, int[] allSizes) {
        StringBuilder out = new StringBuilder("| loss | miner |");
        for (int b : allSizes) {
            out.append(" B=").append(b).append(" |");
        }
        out.append(" slope | end slope |\n|---|---|");
        out.append("---:|".repeat(allSizes.length)).append("---:|---:|\n");
        for (Row row : rows) {
            out.append("| ").append(row.loss()).append(" | ").append(row.miner().isEmpty() ? "(all)" : row.miner())
                    .append(" |");
            for (int b : allSizes) {
                int at = indexOf(row.batchSizes(), b);
                out.append(at < 0 ? " – |" : String.format(Locale.ROOT, " %s |", millis(row.seconds()[at])));
            }
            for (double slope : new double[] {row.slope(), row.endSlope()}) {
                out.append(Double.isNaN(slope) ? " – |" : String.format(Locale.ROOT, " %.2f |", slope));
            }
            if (!row.note().isEmpty()) {
                out.append(" ").append(row.note());
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String millis(double seconds) {
        double ms = seconds * 1e3;
        return ms >= 100 ? String.format(Locale.ROOT, "%.0f", ms)
                : ms >= 10 ? String.format(Locale.ROOT, "%.1f", ms) : String.format(Locale.ROOT, "%.2f", ms);
    }

    private static int indexOf(int[] values, int v) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
