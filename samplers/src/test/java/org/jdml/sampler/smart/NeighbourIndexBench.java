package org.jdml.sampler.smart;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.jdml.api.data.Embedder;
import org.jdml.sampler.smart.SmartMiningSettings.Range;

/**
 * Not a test: measures the neighbour searches on training sets the size of FMNIST-ZS (35,000 items,
 * 64 dimensions) and prints a Markdown table: exact search time, HNSW build and search time, and
 * HNSW recall@10 against the exact lists; then the time the sampler takes per batch.
 *
 * <p>Data: (1) the FMNIST-ZS training split (classes 0-4 of train + t10k), pixels standardised,
 * randomly projected to 64 dimensions and L2-normalised, a stand-in for the embeddings of an
 * untrained network; (2) 5 Gaussian clusters of unit vectors; (3) uniformly random unit vectors
 * (the hardest case for a graph index).
 *
 * <pre>
 * mvn -q -B -o -pl samplers test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp samplers/target/classes:samplers/target/test-classes:$(cat /tmp/cp.txt) \
 *     org.jdml.sampler.smart.NeighbourIndexBench [/usr/share/datasets/fashion-mnist] [items]
 * </pre>
 * {@code -Dbench.hnsw=false} measures the exact search alone, {@code -Dbench.sampler=false} skips the
 * sampler's timing.
 */
public final class NeighbourIndexBench {

    private static final int DIM = 64;
    private static final int STORED = 64; // the sampler's default neighbours
    private static final int RECALL_AT = 10;

    private NeighbourIndexBench() {}

    private record HnswConfig(int m, int efConstruction, int ef) {}

    public static void main(String[] args) throws IOException {
        Path fmnist = Path.of(args.length > 0 ? args[0] : "/usr/share/datasets/fashion-mnist");
        int items = args.length > 1 ? Integer.parseInt(args[1]) : 35_000;
        System.out.printf(Locale.ROOT, "# cores %d, engine threads: default, JVM %s, load average before: %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), loadAverage());
        List<String> names = new ArrayList<>();
        List<float[]> sets = new ArrayList<>();
        if (Files.isDirectory(fmnist)) {
            names.add("FMNIST-ZS train, random projection");
            sets.add(fmnistProjection(fmnist, items));
        }
        names.add("5 Gaussian clusters");
        sets.add(NeighbourFixtures.clusteredUnitVectors(items, DIM, 5, 1.0, 1));
        names.add("uniform on the sphere");
        sets.add(NeighbourFixtures.clusteredUnitVectors(items, DIM, 1, 1e6, 2));
        HnswConfig[] configs = Boolean.parseBoolean(System.getProperty("bench.hnsw", "true"))
                ? new HnswConfig[] {new HnswConfig(16, 100, 64), new HnswConfig(16, 200, 128), new HnswConfig(8, 50, 48)}
                : new HnswConfig[0];

        System.out.println("| data | search | build s (CPU s) | search s (CPU s) | recall@10 |");
        System.out.println("|---|---|---|---|---|");
        Engine.getInstance();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int s = 0; s < sets.size(); s++) {
                float[] vectors = sets.get(s);
                long start = System.nanoTime();
                double cpu = processCpuSeconds();
                NeighbourLists exact = new ExactNeighbourSearch(manager, 256).search(vectors, items, DIM, STORED);
                double exactSeconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "| %s | exact, engine, chunk 256 | - | %.1f (%.1f) | 1 |%n",
                        names.get(s), exactSeconds, processCpuSeconds() - cpu);
                for (HnswConfig c : configs) {
                    double[] timing = new double[4];
                    NeighbourLists approx = timedHnsw(c, vectors, items, timing);
                    System.out.printf(Locale.ROOT,
                            "| %s | hnsw m %d, ef-construction %d, ef %d | %.1f (%.1f) | %.1f (%.1f) | %.4f |%n",
                            names.get(s), c.m(), c.efConstruction(), c.ef(), timing[0], timing[2], timing[1], timing[3],
                            recall(exact, approx, RECALL_AT));
                }
            }
            if (Boolean.parseBoolean(System.getProperty("bench.sampler", "true"))) {
                samplerBatchTime(sets.get(0), items, manager);
            }
        }
        System.out.println("# load average after: " + loadAverage());
    }

    /** Builds the graph and searches it, recording both times. */
    private static NeighbourLists timedHnsw(HnswConfig c, float[] vectors, int items, double[] timing) {
        HnswNeighbourSearch search = new HnswNeighbourSearch(c.m(), c.efConstruction(), c.ef());
        long start = System.nanoTime();
        double cpu = processCpuSeconds();
        HnswNeighbourSearch.Graph graph = search.build(vectors, items, DIM);
        long built = System.nanoTime();
        double cpuBuilt = processCpuSeconds();
        NeighbourLists lists = search.query(graph, STORED);
        timing[0] = (built - start) / 1e9;
        timing[1] = (System.nanoTime() - built) / 1e9;
        timing[2] = cpuBuilt - cpu;
        timing[3] = processCpuSeconds() - cpuBuilt;
        return lists;
    }

    /** Share of each item's true {@code at} nearest neighbours among its first {@code at} found ones. */
    static double recall(NeighbourLists exact, NeighbourLists approx, int at) {
        long hits = 0;
        for (int i = 0; i < exact.items(); i++) {
            for (int r = 0; r < at; r++) {
                int truth = exact.get(i, r);
                for (int q = 0; q < at; q++) {
                    if (approx.get(i, q) == truth) {
                        hits++;
                        break;
                    }
                }
            }
        }
        return hits / (double) ((long) exact.items() * at);
    }

    /** The sampler's own cost: one refresh from precomputed embeddings, then batches of 120. */
    private static void samplerBatchTime(float[] vectors, int items, NDManager manager) {
        int[] labels = new int[items];
        for (int i = 0; i < items; i++) {
            labels[i] = i % 5;
        }
        Embedder lookup = (indices, m) -> {
            float[] out = new float[indices.length * DIM];
            for (int i = 0; i < indices.length; i++) {
                System.arraycopy(vectors, indices[i] * DIM, out, i * DIM, DIM);
            }
            return m.create(out, new Shape(indices.length, DIM));
        };
        SmartMiningSettings settings = new SmartMiningSettings(120, 1_000_000, 0, 1.0, new Range(2, 1, 8), 64,
                SmartMiningSettings.RefreshEmbeddings.FULL, 1000, IndexKind.HNSW, 20_000, 256, 16, 100, 80);
        SmartMiningSampler sampler = new SmartMiningSampler(labels, settings, lookup, manager, new Random(0));
        long refreshStart = System.nanoTime();
        sampler.nextBatch();
        double refreshSeconds = (System.nanoTime() - refreshStart) / 1e9;
        for (int i = 0; i < 200; i++) {
            sampler.nextBatch();
        }
        int batches = 2000;
        long start = System.nanoTime();
        for (int i = 0; i < batches; i++) {
            sampler.nextBatch();
        }
        System.out.printf(Locale.ROOT, "# sampler, %d items, batch 120 (40 mined triplets): first batch with its refresh"
                + " (lookup embedder, hnsw) %.1f s; %.0f microseconds per later batch%n", items, refreshSeconds,
                (System.nanoTime() - start) / 1e3 / batches);
    }

    /** FMNIST-ZS training items, x/255 standardised, times a Gaussian 784 x 64 matrix, L2-normalised. */
    static float[] fmnistProjection(Path dir, int limit) throws IOException {
        float[][] images = concat(readImages(dir.resolve("train-images-idx3-ubyte.gz")),
                readImages(dir.resolve("t10k-images-idx3-ubyte.gz")));
        int[] labels = concat(readLabels(dir.resolve("train-labels-idx1-ubyte.gz")),
                readLabels(dir.resolve("t10k-labels-idx1-ubyte.gz")));
        Random random = new Random(0);
        int pixels = images[0].length;
        float[] projection = new float[pixels * DIM];
        for (int i = 0; i < projection.length; i++) {
            projection[i] = (float) random.nextGaussian();
        }
        float[] out = new float[limit * DIM];
        int n = 0;
        for (int i = 0; i < images.length && n < limit; i++) {
            if (labels[i] > 4) {
                continue;
            }
            double norm = 0;
            for (int d = 0; d < DIM; d++) {
                double sum = 0;
                for (int p = 0; p < pixels; p++) {
                    sum += ((images[i][p] / 255.0 - 0.2860) / 0.3530) * projection[p * DIM + d];
                }
                out[n * DIM + d] = (float) sum;
                norm += sum * sum;
            }
            for (int d = 0; d < DIM; d++) {
                out[n * DIM + d] /= (float) Math.sqrt(norm);
            }
            n++;
        }
        if (n < limit) {
            throw new IllegalStateException("FMNIST-ZS has only " + n + " training items");
        }
        return out;
    }

    private static float[][] readImages(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)))) {
            in.readInt();
            int count = in.readInt();
            int size = in.readInt() * in.readInt();
            float[][] images = new float[count][size];
            byte[] row = new byte[size];
            for (int i = 0; i < count; i++) {
                in.readFully(row);
                for (int p = 0; p < size; p++) {
                    images[i][p] = row[p] & 0xFF;
                }
            }
            return images;
        }
    }

    private static int[] readLabels(Path file) throws IOException {
        try (InputStream raw = new GZIPInputStream(Files.newInputStream(file));
                DataInputStream in = new DataInputStream(raw)) {
            in.readInt();
            int count = in.readInt();
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = in.readUnsignedByte();
            }
            return labels;
        }
    }

    private static float[][] concat(float[][] a, float[][] b) {
        float[][] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** CPU time of the whole process (all threads, native ones included), in seconds. */
    private static double processCpuSeconds() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean bean ? bean.getProcessCpuTime() / 1e9 : Double.NaN;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
