package org.jdml.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.retrieval.HnswSettings;
import org.jdml.retrieval.IndexBenchmark;
import org.jdml.retrieval.Metric;
import org.jdml.report.Npy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jdml bench index}: the search index on synthetic clustered vectors ({@code --items}) or on
 * a run's embeddings ({@code --embeddings FILE.npy}): build time, size, recall@k against brute force,
 * query latency.
 */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = "Measures the search index: build time, size on disk, recall@k of the approximate and of the "
                + "re-ranked search against brute force, and the latency of one query and of a batch.")
public final class IndexBenchCommand implements Callable<Integer> {

    @Option(names = "--embeddings", paramLabel = "FILE.npy",
            description = "Index these embeddings (N x D, e.g. a run's embeddings/eval-embeddings.npy); the queries are "
                    + "a seeded sample of them. Without it, synthetic clustered unit vectors are used.")
    Path embeddings;

    @Option(names = "--name", paramLabel = "NAME", description = "What the vectors are, for the heading "
            + "(default: the file name, or \"synthetic\").")
    String name;

    @Option(names = "--items", defaultValue = "1000000", description = "Synthetic vectors indexed (default: ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--dim", defaultValue = "64", description = "Width of the synthetic vectors (default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--clusters", defaultValue = "10000",
            description = "Gaussian clusters the synthetic vectors lie in (default: ${DEFAULT-VALUE}).")
    int clusters;

    @Option(names = "--spread", defaultValue = "0.5",
            description = "Standard deviation around a cluster centre, before normalising (default: ${DEFAULT-VALUE}).")
    double spread;

    @Option(names = "--queries", defaultValue = "1000", description = "Queries (default: ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "-k", defaultValue = "10", description = "Neighbours per query (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--candidates", defaultValue = "100,200,400", split = ",",
            description = "Graph candidates re-ranked exactly, one row each (default: ${DEFAULT-VALUE}).")
    int[] candidates;

    @Option(names = "--batch", defaultValue = "1000", description = "Queries per timed batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--max-connections", defaultValue = "16", description = "HNSW M (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--beam-width", defaultValue = "100", description = "HNSW efConstruction (default: ${DEFAULT-VALUE}).")
    int beamWidth;

    @Option(names = "--index-dir", paramLabel = "DIR",
            description = "Where the index is built (default: a temporary folder, deleted afterwards).")
    Path indexDir;

    @Option(names = "--reuse-index", description = "With --index-dir: measure the index already there when it was built "
            + "from the same vectors and settings, instead of building it again (its recorded build time is reported).")
    boolean reuseIndex;

    @Mixin
    SectionOutput output;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        float[] indexed;
        float[] queryVectors;
        int width;
        String what;
        if (embeddings != null) {
            long[] shape = readShape(embeddings);
            width = (int) shape[1];
            indexed = Npy.readFloats(embeddings);
            int n = (int) shape[0];
            int[] chosen = new Random(0).ints(0, n).distinct().limit(Math.min(queries, n)).toArray();
            queryVectors = new float[chosen.length * width];
            for (int i = 0; i < chosen.length; i++) {
                System.arraycopy(indexed, chosen[i] * width, queryVectors, i * width, width);
            }
            what = name != null ? name : embeddings.getFileName().toString();
        } else {
            width = dim;
            float[] all = IndexBenchmark.clusteredUnitVectors(items + queries, dim, clusters, spread, 0);
            indexed = Arrays.copyOf(all, items * dim);
            queryVectors = Arrays.copyOfRange(all, items * dim, all.length);
            what = name != null ? name : String.format(Locale.ROOT, "synthetic (%,d clusters, spread %s)", clusters,
                    spread);
        }
        Metric metric = Metric.forEmbeddings(Metric.unitNorm(indexed, width));
        Path dir = indexDir != null ? indexDir : Files.createTempDirectory("jdml-bench-index").resolve("index");
        CpuUsage cpu = CpuUsage.start();
        IndexBenchmark.Result r = IndexBenchmark.run(what, indexed, queryVectors, width, metric,
                new HnswSettings(maxConnections, beamWidth), k, candidates, batch, dir, reuseIndex && indexDir != null, line -> {
                    out.println(line);
                    out.flush();
                });
        double others = cpu.othersShare();
        if (indexDir == null) {
            deleteTree(dir.getParent());
        }
        String heading = "## Search index: " + what + ", " + String.format(Locale.ROOT, "%,d", r.items()) + " x "
                + r.dim();
        String section = heading + "\n\n" + table(r, metric) + "\n" + String.format(Locale.ROOT,
                "Lucene %s HNSW (M = %d, efConstruction = %d), %s, one segment. %d queries; recall@%d against brute"
                        + " force; \"re-ranked\" searches the graph for that many candidates and orders them by exact distance."
                        + " Single queries: one at a time on one thread, %d timed after as many to warm up. Batches:"
                        + " %d queries spread over %d threads, %d batches timed (p99 of %d batches is the slowest)."
                        + " Brute force took %.1f ms per query (all cores). %s%n",
                org.apache.lucene.util.Version.LATEST, maxConnections, beamWidth, metric == Metric.DOT_PRODUCT
                        ? "dot product (unit vectors)" : "Euclidean", r.queries(), r.k(),
                IndexBenchmark.SINGLE_QUERIES, r.batchSize(), Runtime.getRuntime().availableProcessors(),
                IndexBenchmark.BATCHES, IndexBenchmark.BATCHES, r.exactMillisPerQuery(), contention(others))
                + "\nRe-run: `./jdml bench index " + (embeddings != null ? "--embeddings " + embeddings + " " : "--items "
                + items + " --dim " + dim + " ") + "--out BENCHMARKS.md`\n";
        out.println();
        out.println(section);
        out.flush();
        output.write(heading, section);
        return 0;
    }

    static String table(IndexBenchmark.Result r, Metric metric) {
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT, """
                | build | size on disk | search | recall@%d | one query, median | one query, p99 | batch of %d, median | batch of %d, p99 |
                |---|---|---|---|---|---|---|---|
                """, r.k(), r.batchSize(), r.batchSize()));
        boolean first = true;
        for (IndexBenchmark.Row row : r.rows()) {
            t.append(String.format(Locale.ROOT, "| %s | %s | %s | %.4f | %.2f ms | %.2f ms | %.0f ms | %.0f ms |%n",
                    first ? String.format(Locale.ROOT, "%.1f s", r.buildSeconds()) : "",
                    first ? String.format(Locale.ROOT, "%.1f MB", r.bytes() / 1e6) : "",
                    row.candidates() == 0 ? "graph, beam " + r.k() : "re-ranked, " + row.candidates() + " candidates",
                    row.recall(), row.single().median(), row.single().p99(), row.batch().median(), row.batch().p99()));
            first = false;
        }
        return t.toString();
    }

    private static String contention(double others) {
        return Double.isNaN(others) ? "The machine's load could not be read."
                : String.format(Locale.ROOT, "Other processes used %.0f %% of the machine's CPU time meanwhile, so the"
                        + " timings are upper bounds.", 100 * others);
    }

    private static long[] readShape(Path file) throws IOException {
        long[] shape = Npy.readShape(file);
        if (shape.length != 2) {
            throw new JdmlConfigurationException(file + " holds an array of shape " + Arrays.toString(shape)
                    + "; expected N x D embeddings");
        }
        return shape;
    }

    private static void deleteTree(Path dir) {
        try {
            org.jdml.retrieval.Folders.deleteTree(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
