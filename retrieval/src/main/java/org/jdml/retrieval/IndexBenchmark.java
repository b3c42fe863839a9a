package org.jdml.retrieval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Measures an index on a set of vectors: build time, size on disk, recall@k of the graph's answer
 * and of the re-ranked answer against brute force, and query latency (one query at a time, and
 * batches answered on every core).
 */
public final class IndexBenchmark {

    /** Queries timed one by one (after as many again to warm up). */
    public static final int SINGLE_QUERIES = 1000;
    /** Batches timed. */
    public static final int BATCHES = 10;

    /** Latencies in milliseconds. */
    public record Latency(double median, double p99) {}

    /**
     * One way of searching.
     *
     * @param candidates 0: the graph's answer with a beam of k; else that many candidates re-ranked exactly
     */
    public record Row(int candidates, double recall, Latency single, Latency batch) {}

    /** @param exactMillisPerQuery brute force's time per query (on all cores) */
    public record Result(String name, int items, int dim, int queries, int k, double buildSeconds, long bytes,
            List<Row> rows, int batchSize, double exactMillisPerQuery) {}

    private IndexBenchmark() {}

    /**
     * @param items the vectors indexed (rows of dim)
     * @param queries the query vectors (rows of dim)
     * @param dir where the index is built (replaced)
     * @param reuse measure the index already in {@code dir} when it was built from the same items
     *     (same name, count, width, metric and graph settings), reporting its recorded build time
     */
    public static Result run(String name, float[] items, float[] queries, int dim, Metric metric, HnswSettings hnsw,
            int k, int[] candidates, int batchSize, Path dir, boolean reuse, Consumer<String> log) throws IOException {
        int n = items.length / dim;
        int nq = queries.length / dim;
        int[] labels = new int[n];
        ModelIdentity model = new ModelIdentity("bench", "none", "none", dim, metric == Metric.DOT_PRODUCT);
        IndexManifest header = new IndexManifest(IndexManifest.FORMAT, model, name, "bench", metric, 0, hnsw, 0);
        IndexManifest built = reuse ? reusable(dir, header.withBuild(n, 0)) : null;
        if (built == null) {
            log.accept("building the index of " + n + " vectors...");
            built = VectorIndex.build(dir, header, items, labels, l -> "", i -> "", done -> {
                if (done % 100_000 == 0) {
                    log.accept("  " + done + " added");
                }
            });
        } else {
            log.accept("reusing the index in " + dir + " (built in " + Math.round(built.buildSeconds()) + " s)");
        }
        log.accept(String.format(java.util.Locale.ROOT, "built in %.1f s; exact search of %d queries...",
                built.buildSeconds(), nq));
        long exactStart = System.nanoTime();
        int[][] truth = ExactSearch.nearest(queries, items, dim, k, metric);
        double exactMillis = (System.nanoTime() - exactStart) / 1e6 / nq;
        try (VectorIndex index = VectorIndex.open(dir)) {
            float[][] q = new float[nq][];
            for (int i = 0; i < nq; i++) {
                q[i] = Arrays.copyOfRange(queries, i * dim, (i + 1) * dim);
            }
            List<Row> rows = new ArrayList<>();
            int[] ways = new int[candidates.length + 1];
            System.arraycopy(candidates, 0, ways, 1, candidates.length);
            for (int c : ways) {
                int[][] found = new int[nq][];
                for (int i = 0; i < nq; i++) {
                    found[i] = positions(index.search(q[i], k, c));
                }
                double recall = ExactSearch.recall(found, truth, k);
                log.accept(String.format(java.util.Locale.ROOT, "%s: recall@%d %.4f; timing...",
                        c == 0 ? "graph" : c + " candidates re-ranked", k, recall));
                rows.add(new Row(c, recall, single(index, q, k, c), batches(index, q, k, c, batchSize)));
            }
            return new Result(name, n, dim, nq, k, built.buildSeconds(), index.sizeOnDisk(), List.copyOf(rows),
                    batchSize, exactMillis);
        }
    }

    /** The manifest of the index in {@code dir} when it holds what {@code wanted} describes, else null. */
    private static IndexManifest reusable(Path dir, IndexManifest wanted) {
        if (!java.nio.file.Files.isRegularFile(dir.resolve(IndexManifest.FILE))) {
            return null;
        }
        IndexManifest found = IndexManifest.read(dir);
        return found.withBuild(wanted.items(), 0).equals(wanted) ? found : null;
    }

    private static int[] positions(List<Hit> hits) {
        return hits.stream().mapToInt(Hit::position).toArray();
    }

    /** Each query alone on this thread, timed one by one. */
    private static Latency single(VectorIndex index, float[][] q, int k, int candidates) {
        int count = Math.min(SINGLE_QUERIES, q.length);
        for (int i = 0; i < count; i++) {
            index.search(q[i % q.length], k, candidates);   // warm-up
        }
        double[] millis = new double[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            index.search(q[i % q.length], k, candidates);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return latency(millis);
    }

    /** Batches of {@code batchSize} queries spread over every core, the wall time of each batch. */
    private static Latency batches(VectorIndex index, float[][] q, int k, int candidates, int batchSize) {
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            Random random = new Random(7);
            double[] millis = new double[BATCHES + 1];
            for (int b = 0; b <= BATCHES; b++) {   // the first batch warms up
                int[] chosen = random.ints(batchSize, 0, q.length).toArray();
                long start = System.nanoTime();
                List<Future<?>> parts = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int from = batchSize * t / threads;
                    int to = batchSize * (t + 1) / threads;
                    parts.add(pool.submit(() -> {
                        for (int i = from; i < to; i++) {
                            index.search(q[chosen[i]], k, candidates);
                        }
                    }));
                }
                for (Future<?> part : parts) {
                    part.get();
                }
                millis[b] = (System.nanoTime() - start) / 1e6;
            }
            return latency(Arrays.copyOfRange(millis, 1, millis.length));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Median and 99th percentile (nearest rank). */
    static Latency latency(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        int rank = (int) Math.ceil(0.99 * sorted.length);
        return new Latency(median, sorted[Math.max(0, rank - 1)]);
    }

    /**
     * {@code count} unit vectors in {@code clusters} Gaussian clusters: centres standard normal,
     * items around them with standard deviation {@code spread}, then L2-normalised, as a trained
     * model's embeddings of many classes lie.
     */
    public static float[] clusteredUnitVectors(int count, int dim, int clusters, double spread, long seed) {
        Random random = new Random(seed);
        float[] centres = new float[clusters * dim];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) random.nextGaussian();
        }
        float[] out = new float[Math.multiplyExact(count, dim)];
        for (int i = 0; i < count; i++) {
            int c = random.nextInt(clusters);
            double norm = 0;
            for (int d = 0; d < dim; d++) {
                float v = (float) (centres[c * dim + d] + spread * random.nextGaussian());
                out[i * dim + d] = v;
                norm += v * v;
            }
            float scale = (float) (1 / Math.sqrt(norm));
            for (int d = 0; d < dim; d++) {
                out[i * dim + d] *= scale;
            }
        }
        return out;
    }
}
