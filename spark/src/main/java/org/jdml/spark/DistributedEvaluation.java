package org.jdml.spark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.Serializable;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.jdml.evaluation.EvaluationResult;
import org.jdml.evaluation.EvaluationSettings;
import org.jdml.evaluation.QueryScores;
import scala.Tuple2;

/**
 * Exact retrieval metrics over Spark tasks (docs/spark.md). The vectors are broadcast; each task
 * takes a block of queries and ranks the gallery for them with the evaluation module's own code:
 * against the whole gallery ({@code gallery-parts = 1}), or against one part of it, the parts'
 * neighbour lists then merged exactly by query block in a shuffle. Every query's scores come back to
 * the driver and are added up in query order, so Recall@K, MAP@R and R-precision are those of
 * {@code jdml eval} bit for bit. NMI comes from k-means on the driver, over every item or over a
 * seeded sample of {@code nmi-sample} of them.
 */
final class DistributedEvaluation {

    /** The metrics ({@code jdml eval}'s keys, in its order) and how they were made. */
    record Result(Map<String, Double> metrics, int queriesLeftOut, int nmiItems, int items, int tasks,
            double seconds) {}

    private final JavaSparkContext spark;
    private final EvaluationSettings settings;
    private final int queryBlock;
    private final int galleryParts;

    DistributedEvaluation(JavaSparkContext spark, EvaluationSettings settings, int queryBlock, int galleryParts) {
        this.spark = spark;
        this.settings = settings;
        this.queryBlock = queryBlock;
        this.galleryParts = galleryParts;
    }

    /**
     * @param gallery null when every query ranks all the other queries (one set)
     * @param nmiSample the most items k-means clusters; 0 leaves NMI out
     */
    Result evaluate(Vectors queries, Vectors gallery, int nmiSample, long sampleSeed) {
        return evaluate(queries, gallery, nmiSample, sampleSeed, queries.rows());
    }

    /**
     * As above, with only the first {@code ranked} queries ranked (and counted in the metrics): what a
     * benchmark uses to time a part of a very large evaluation.
     */
    Result evaluate(Vectors queries, Vectors gallery, int nmiSample, long sampleSeed, int ranked) {
        long start = System.nanoTime();
        int rows = Math.min(ranked, queries.rows());
        boolean sameSet = gallery == null;
        Vectors g = sameSet ? queries : gallery;
        QueryScores scores = new QueryScores(settings);
        boolean dotProduct;
        try (NDManager manager = NDManager.newBaseManager()) {
            dotProduct = scores.byDotProduct(array(manager, queries, 0, queries.rows()),
                    sameSet ? null : array(manager, g, 0, g.rows()));
        }
        int[] r = Arrays.copyOf(QueryScores.relevantCounts(queries.labels(), g.labels(), sameSet), rows);
        int block = blockSize(g.rows());
        List<Integer> starts = new ArrayList<>();
        for (int s = 0; s < rows; s += block) {
            starts.add(s);
        }
        Broadcast<Vectors> q = spark.broadcast(queries);
        Broadcast<Vectors> gb = sameSet ? q : spark.broadcast(g);
        Broadcast<int[]> rb = spark.broadcast(r);
        Task task = new Task(settings, block, rows, dotProduct, sameSet);
        List<Scored> blocks;
        int tasks;
        if (galleryParts <= 1) {
            tasks = starts.size();
            blocks = spark.parallelize(starts, starts.size())
                    .map(s -> task.scoreBlock(q.value(), gb.value(), rb.value(), s))
                    .collect();
        } else {
            int[] k = new int[rows];
            for (int i = 0; i < k.length; i++) {
                k[i] = scores.neighboursNeeded(r[i], g.rows(), sameSet);
            }
            Broadcast<int[]> kb = spark.broadcast(k);
            List<int[]> grid = new ArrayList<>();
            for (int[] part : DistributedEmbedding.ranges(g.rows(), galleryParts)) {
                for (int s : starts) {
                    grid.add(new int[] {s, part[0], part[1]});
                }
            }
            tasks = grid.size() + starts.size();
            blocks = spark.parallelize(grid, grid.size())
                    .mapToPair(cell -> new Tuple2<>(cell[0], task.neighbours(q.value(), gb.value(), kb.value(), cell)))
                    .reduceByKey((a, b) -> Partial.merge(a, b, kb.value()), starts.size())
                    .map(merged -> task.score(merged._2(), q.value(), gb.value(), rb.value()))
                    .collect();
        }
        float[][] perQuery = assemble(blocks, settings.recallAt().length + 2, rows);
        QueryScores.Neighbours neighbours = scores.metrics(perQuery, r);
        int nmiItems = Math.min(nmiSample, queries.rows());
        Map<String, Double> metrics = new LinkedHashMap<>();
        neighbours.values().forEach((key, value) -> {
            if (key.equals(EvaluationResult.MAP_AT_R) && nmiItems > 0) {
                metrics.put(EvaluationResult.NMI, nmi(scores, queries, nmiItems, sampleSeed));   // jdml eval's order
            }
            metrics.put(key, value);
        });
        q.destroy();
        if (!sameSet) {
            gb.destroy();
        }
        GalleryCache.clear();   // on a local master the tasks ran here
        return new Result(metrics, neighbours.skipped(), nmiItems, rows, tasks,
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * Queries per task: {@code query-block} rounded up to a multiple of the evaluation's own query
     * block, so that each task's blocks are {@code jdml eval}'s and every similarity the same product's.
     */
    int blockSize(int galleryItems) {
        int chunk = QueryScores.queryBlock(settings.chunkSize(), galleryItems);
        return (int) Math.min(Integer.MAX_VALUE, ((long) queryBlock + chunk - 1) / chunk * chunk);
    }

    /** NMI of k-means over all queries, or over a seeded sample of {@code items} of them. */
    private static double nmi(QueryScores scores, Vectors queries, int items, long seed) {
        int[] chosen = sample(queries.rows(), items, seed);
        float[] values = new float[chosen.length * queries.dim()];
        int[] labels = new int[chosen.length];
        for (int i = 0; i < chosen.length; i++) {
            System.arraycopy(queries.values(), chosen[i] * queries.dim(), values, i * queries.dim(), queries.dim());
            labels[i] = queries.labels()[chosen[i]];
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            return scores.nmi(manager.create(values, new Shape(chosen.length, queries.dim())), labels);
        }
    }

    /** {@code k} of {@code n} indices, ascending: all of them when k >= n, else a seeded uniform choice. */
    static int[] sample(int n, int k, long seed) {
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        if (k >= n) {
            return all;
        }
        Random random = new Random(seed);
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] chosen = Arrays.copyOf(all, k);
        Arrays.sort(chosen);
        return chosen;
    }

    private static float[][] assemble(List<Scored> blocks, int columns, int rows) {
        float[][] out = new float[columns][rows];
        for (Scored b : blocks) {
            for (int j = 0; j < columns; j++) {
                System.arraycopy(b.scores()[j], 0, out[j], b.start(), b.scores()[j].length);
            }
        }
        return out;
    }

    /**
     * The gallery on this JVM's engine, made once per broadcast value rather than once per task: a
     * copy per task (256 MB per million 64-d items) lives in a direct buffer until the garbage
     * collector gets to it, and 100 tasks of one evaluation took a local JVM to 8 GB that way.
     * Tasks only read it, from any thread.
     */
    static final class GalleryCache {
        private static Vectors key;
        private static NDManager manager;
        private static NDArray gallery;

        private GalleryCache() {}

        static synchronized NDArray of(Vectors vectors) {
            if (key != vectors) {
                clear();
                manager = NDManager.newBaseManager();
                gallery = array(manager, vectors, 0, vectors.rows());
                key = vectors;
            }
            return gallery;
        }

        static synchronized void clear() {
            if (manager != null) {
                manager.close();
            }
            manager = null;
            gallery = null;
            key = null;
        }
    }

    /** Rows {@code from ... to} of {@code v} as an array owned by {@code manager}. */
    static NDArray array(NDManager manager, Vectors v, int from, int to) {
        FloatBuffer rows = FloatBuffer.wrap(v.values(), from * v.dim(), (to - from) * v.dim()).slice();
        return manager.create(rows, new Shape(to - from, v.dim()));
    }

    /** The scores of the queries {@code start ...} of one block, a column per query. */
    record Scored(int start, float[][] scores) implements Serializable {}

    /** The neighbour lists of a block of queries ({@link QueryScores#key} order), merged over gallery parts. */
    record Partial(int start, long[][] lists) implements Serializable {

        static Partial merge(Partial a, Partial b, int[] k) {
            long[][] merged = new long[a.lists.length][];
            for (int i = 0; i < merged.length; i++) {
                merged[i] = QueryScores.merge(a.lists[i], b.lists[i], k[a.start + i]);
            }
            return new Partial(a.start, merged);
        }
    }

    /** What a task does; serialised to the executors (the settings and decisions, no data). */
    private record Task(EvaluationSettings settings, int block, int rows, boolean dotProduct, boolean sameSet)
            implements Serializable {

        Scored scoreBlock(Vectors queries, Vectors gallery, int[] r, int start) {
            TaskFaults.check("evaluate");
            int end = Math.min(rows, start + block);
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray q = array(manager, queries, start, end);
                NDArray g = GalleryCache.of(gallery);
                float[][] scores = new QueryScores(settings).ofBlock(q, sameSet ? start : 0,
                        Arrays.copyOfRange(queries.labels(), start, end), Arrays.copyOfRange(r, start, end), g,
                        gallery.labels(), dotProduct, sameSet);
                return new Scored(start, scores);
            }
        }

        Partial neighbours(Vectors queries, Vectors gallery, int[] k, int[] cell) {
            TaskFaults.check("evaluate");
            int start = cell[0];
            int end = Math.min(rows, start + block);
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray q = array(manager, queries, start, end);
                NDArray part = array(manager, gallery, cell[1], cell[2]);
                long[][] lists = new QueryScores(settings).neighboursIn(q, sameSet ? start : 0,
                        Arrays.copyOfRange(k, start, end), part, cell[1], dotProduct, sameSet);
                return new Partial(start, lists);
            }
        }

        Scored score(Partial merged, Vectors queries, Vectors gallery, int[] r) {
            QueryScores scores = new QueryScores(settings);
            int rows = merged.lists().length;
            float[][] out = new float[settings.recallAt().length + 2][rows];
            for (int i = 0; i < rows; i++) {
                int query = merged.start() + i;
                float[] one = scores.score(merged.lists()[i], queries.labels()[query], r[query], gallery.labels());
                for (int j = 0; j < out.length; j++) {
                    out[j][i] = one[j];
                }
            }
            return new Scored(merged.start(), out);
        }
    }
}
