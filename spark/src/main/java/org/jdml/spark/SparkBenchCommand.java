package org.jdml.spark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.jdml.bench.CpuUsage;
import org.jdml.bench.ProcessMemory;
import org.jdml.bench.SectionOutput;
import org.jdml.evaluation.EvaluationSettings;
import org.jdml.evaluation.QueryScores;
import org.jdml.runner.engine.EngineSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jdml spark bench}: the exact evaluation's time and peak memory on Spark ({@code local[2]})
 * and in one JVM, side by side, on synthetic unit vectors; each measurement in a JVM of its own so
 * that its peak resident memory is its own.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Times the exact evaluation (Recall@K, MAP@R, R-precision) of synthetic embeddings on Spark "
                + "(local[N]) and in a single JVM, with the peak memory of each, at several sizes.")
public final class SparkBenchCommand implements Callable<Integer> {

    static final String HEADING = "## Evaluation on Spark against one JVM";

    @Option(names = "--items", split = ",", paramLabel = "N[,N...]", defaultValue = "35000,200000,1000000",
            description = "Sizes to measure (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--dim", paramLabel = "D", defaultValue = "64", description = "Embedding size (default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--per-class", paramLabel = "N", defaultValue = "100",
            description = "Items per class (default: ${DEFAULT-VALUE}; R = N - 1).")
    int perClass;

    @Option(names = "--queries", split = ",", paramLabel = "N[,N...]",
            description = "Queries ranked at each size, 0 for all (default: all): the first N items query every item;"
                    + " for timing a part of an evaluation too long to run whole here.")
    List<Integer> queries;

    @Option(names = "--cores", paramLabel = "N", defaultValue = "2",
            description = "Spark's local[N] and the engine's threads in both (default: ${DEFAULT-VALUE}).")
    int cores;

    @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "6g", description = "-Xmx of each JVM (default: ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--child", hidden = true, description = "Measure one (mode, size) in this JVM.")
    String child;

    @Mixin
    SectionOutput output;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** One measurement. */
    record Row(String mode, int items, int queries, double seconds, double startSeconds, long peakBytes, int tasks,
            Map<String, Double> metrics, double othersCpu) {}

    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        if (child != null) {
            String[] f = child.split(":");
            Row row = measure(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]));
            StringBuilder line = new StringBuilder(String.join("\t", "ROW", row.mode(), Integer.toString(row.items()),
                    Integer.toString(row.queries()),
                    Double.toString(row.seconds()), Double.toString(row.startSeconds()), Long.toString(row.peakBytes()),
                    Integer.toString(row.tasks()), Double.toString(row.othersCpu())));
            row.metrics().forEach((k, v) -> line.append('\t').append(k).append('=').append(v));
            console.println(line);
            console.flush();
            return 0;
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) {
            int n = sizes.get(i);
            int q = queries == null || i >= queries.size() || queries.get(i) <= 0 ? n : Math.min(n, queries.get(i));
            for (String mode : new String[] {"single", "spark"}) {
                console.printf(Locale.ROOT, "%s, %,d items, %,d of them querying...%n", mode, n, q);
                console.flush();
                Row row = inChild(mode, n, q, console);
                console.printf(Locale.ROOT, "  %.1f s, peak %d MB%n", row.seconds(), row.peakBytes() >> 20);
                console.flush();
                rows.add(row);
            }
        }
        String section = section(rows);
        console.println();
        console.print(section);
        console.flush();
        output.write(HEADING, section);
        return 0;
    }

    /** The metrics of {@code n} synthetic items, timed, in this JVM: all of it in one JVM, or on Spark. */
    private Row measure(String mode, int n, int ranked) {
        EngineSetup.start(cores);
        Vectors vectors = synthetic(n, dim, perClass, 7);
        EvaluationSettings settings = EvaluationSettings.of(com.typesafe.config.ConfigFactory.parseString("progress = false"));
        CpuUsage cpu = CpuUsage.start();
        Map<String, Double> metrics;
        double seconds;
        double startSeconds = 0;
        int tasks = 1;
        if (mode.equals("single")) {
            long start = System.nanoTime();
            QueryScores scores = new QueryScores(settings);
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray all = DistributedEvaluation.array(manager, vectors, 0, vectors.rows());
                NDArray asking = DistributedEvaluation.array(manager, vectors, 0, ranked);
                int[] r = java.util.Arrays.copyOf(QueryScores.relevantCounts(vectors.labels(), vectors.labels(), true),
                        ranked);
                float[][] perQuery = scores.ofBlock(asking, 0, java.util.Arrays.copyOf(vectors.labels(), ranked), r, all,
                        vectors.labels(), scores.byDotProduct(all, null), true);
                metrics = scores.metrics(perQuery, r).values();
            }
            seconds = (System.nanoTime() - start) / 1e9;
        } else {
            long start = System.nanoTime();
            SparkSession spark = Sessions.start("local[" + cores + "]");
            try {
                startSeconds = (System.nanoTime() - start) / 1e9;
                start = System.nanoTime();
                DistributedEvaluation.Result result = new DistributedEvaluation(
                        JavaSparkContext.fromSparkContext(spark.sparkContext()), settings, 10_000, 1)
                        .evaluate(vectors, null, 0, 0, ranked);
                seconds = (System.nanoTime() - start) / 1e9;
                metrics = result.metrics();
                tasks = result.tasks();
            } finally {
                spark.stop();
            }
        }
        return new Row(mode, n, ranked, seconds, startSeconds, ProcessMemory.peak(), tasks, metrics, cpu.othersShare());
    }

    /**
     * {@code n} unit vectors in classes of {@code perClass}: a random unit centre per class plus
     * Gaussian noise of 0.15 per coordinate, normalised; seeded, so both modes see the same items.
     */
    static Vectors synthetic(int n, int dim, int perClass, long seed) {
        Random random = new Random(seed);
        float[] values = new float[Math.multiplyExact(n, dim)];
        int[] labels = new int[n];
        float[] centre = new float[dim];
        for (int i = 0; i < n; i++) {
            if (i % perClass == 0) {
                double norm = 0;
                for (int j = 0; j < dim; j++) {
                    centre[j] = (float) random.nextGaussian();
                    norm += centre[j] * centre[j];
                }
                for (int j = 0; j < dim; j++) {
                    centre[j] /= (float) Math.sqrt(norm);
                }
            }
            labels[i] = i / perClass;
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                float v = centre[j] + (float) (0.15 * random.nextGaussian());
                values[i * dim + j] = v;
                norm += v * v;
            }
            float scale = (float) (1 / Math.sqrt(norm));
            for (int j = 0; j < dim; j++) {
                values[i * dim + j] *= scale;
            }
        }
        return new Vectors(values, n, dim, labels);
    }

    private Row inChild(String mode, int n, int ranked, PrintWriter console) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-Xmx")).toList());
        command.addAll(List.of("-Xmx" + heap, "-cp", System.getProperty("java.class.path"), "org.jdml.runner.Jdml",
                "spark", "bench", "--dim", Integer.toString(dim), "--per-class", Integer.toString(perClass), "--cores",
                Integer.toString(cores), "--child", mode + ":" + n + ":" + ranked));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Row row = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("ROW\t")) {
                    String[] f = line.split("\t");
                    Map<String, Double> metrics = new LinkedHashMap<>();
                    for (int i = 9; i < f.length; i++) {
                        String[] kv = f[i].split("=", 2);
                        metrics.put(kv[0], Double.parseDouble(kv[1]));
                    }
                    row = new Row(f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Double.parseDouble(f[4]),
                            Double.parseDouble(f[5]), Long.parseLong(f[6]), Integer.parseInt(f[7]), metrics,
                            Double.parseDouble(f[8]));
                } else if (line.startsWith("ERROR") || line.contains("Exception")) {
                    console.println("  " + line);
                }
            }
        }
        try {
            int exit = process.waitFor();
            if (exit != 0 || row == null) {
                throw new IllegalStateException("measuring " + mode + " at " + n + " items failed (exit " + exit + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return row;
    }

    private String section(List<Row> rows) {
        StringBuilder s = new StringBuilder(HEADING).append("\n\n");
        s.append(String.format(Locale.ROOT, "Measured with `jdml spark bench` on %s: the exact neighbour metrics"
                + " (Recall@1, 2, 4, 8, MAP@R, R-precision; no NMI in either column) of N synthetic %d-d unit vectors in"
                + " classes of %d (R = %d), every item querying all the others. *single*: the evaluation module's"
                + " blocks in one JVM, the code `jdml eval` runs; *spark*: `local[%d]`, query blocks of 10,000 against the"
                + " whole (broadcast) gallery. Engine threads: %d in both. Each in a JVM of its own (-Xmx%s); peak memory"
                + " is the JVM's peak resident set (VmHWM: heap, engine and Spark). Spark's session start is timed"
                + " apart. Machine: %d cores (%s).%n%n", LocalDate.now(), dim, perClass, perClass - 1, cores, cores, heap,
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch")));
        s.append("| items | queries | mode | seconds | Spark start | tasks | peak memory | others' CPU | recall@1 | map@r | same metrics |\n");
        s.append("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        Map<Integer, Row> single = new LinkedHashMap<>();
        for (Row row : rows) {
            if (row.mode().equals("single")) {
                single.put(row.items(), row);
            }
            Row reference = single.get(row.items());
            String same = row.mode().equals("single") ? "" : reference == null ? "?"
                    : reference.metrics().equals(row.metrics()) ? "yes, bit for bit" : "NO";
            s.append(String.format(Locale.ROOT, "| %,d | %,d | %s | %.1f | %s | %d | %.2f GB | %.0f %% | %.4f | %.4f | %s |%n",
                    row.items(), row.queries(), row.mode(), row.seconds(), row.mode().equals("spark")
                            ? String.format(Locale.ROOT, "%.1f", row.startSeconds()) : "", row.tasks(),
                    row.peakBytes() / 1e9, 100 * row.othersCpu(), row.metrics().getOrDefault("recall@1", Double.NaN),
                    row.metrics().getOrDefault("map@r", Double.NaN), same));
        }
        s.append('\n');
        for (Row row : rows) {
            Row reference = single.get(row.items());
            if (row.mode().equals("spark") && reference != null) {
                double pairs = (double) row.queries() * (row.items() - 1);
                double perPair = row.seconds() * cores / pairs;
                s.append(String.format(Locale.ROOT, "- %,d items%s: Spark / single = %.2f in time; %.2f ns per"
                        + " query-item pair and core on Spark; all %,d queries would take %.0f s here.%n", row.items(),
                        row.queries() < row.items() ? String.format(Locale.ROOT, " (%,d queries)", row.queries()) : "",
                        row.seconds() / reference.seconds(), perPair * 1e9, row.items(),
                        perPair * row.items() * (row.items() - 1.0) / cores));
            }
        }
        return s.toString();
    }
}
