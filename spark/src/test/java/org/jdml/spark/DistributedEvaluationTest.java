package org.jdml.spark;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.jdml.evaluation.EvaluationSettings;
import org.jdml.evaluation.Evaluator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The distributed evaluation against the single-JVM Evaluator on vectors, and its cutting of the work. */
class DistributedEvaluationTest {

    private static final String SETTINGS = "progress = false, chunk-size = 50";
    private static SparkSession spark;
    private static JavaSparkContext context;

    @BeforeAll
    static void start() {
        spark = Sessions.start("local[2]");
        context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Synthetic unit vectors rounded to 1/8, so that many similarities tie exactly. */
    private static Vectors tied(int n, int perClass, long seed) {
        Vectors v = SparkBenchCommand.synthetic(n, 8, perClass, seed);
        float[] values = v.values().clone();
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.round(values[i] * 8) / 8f;
        }
        return new Vectors(values, v.rows(), v.dim(), v.labels());
    }

    private static Map<String, Double> single(Vectors q, Vectors g) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Evaluator evaluator = new Evaluator(ConfigFactory.parseString(SETTINGS));
            var qa = manager.create(q.values(), new Shape(q.rows(), q.dim()));
            return g == null ? evaluator.evaluate(qa, q.labels()).metrics()
                    : evaluator.evaluate(qa, q.labels(), manager.create(g.values(), new Shape(g.rows(), g.dim())),
                            g.labels()).metrics();
        }
    }

    private static DistributedEvaluation.Result distributed(Vectors q, Vectors g, int queryBlock, int parts) {
        EvaluationSettings settings = EvaluationSettings.of(ConfigFactory.parseString(SETTINGS));
        return new DistributedEvaluation(context, settings, queryBlock, parts).evaluate(q, g, 100_000, 1);
    }

    @Test
    void everyCutGivesTheSingleJvmMetricsExactly() {
        Vectors items = tied(430, 20, 3);   // rounded values are not unit: Euclidean ranking
        Map<String, Double> expected = single(items, null);
        for (int[] cut : new int[][] {{50, 1}, {120, 1}, {50, 4}, {1000, 3}}) {
            DistributedEvaluation.Result result = distributed(items, null, cut[0], cut[1]);
            assertThat(result.metrics()).as("query block %d, gallery parts %d", cut[0], cut[1]).isEqualTo(expected);
            assertThat(result.nmiItems()).isEqualTo(430);
        }
        assertThat(distributed(items, null, 120, 1).tasks()).isEqualTo(3);   // 120 rounds up to 150: 3 blocks
    }

    @Test
    void queriesAgainstAGalleryToo() {
        Vectors queries = tied(170, 10, 5);
        Vectors gallery = tied(260, 10, 6);
        Map<String, Double> expected = single(queries, gallery);
        assertThat(distributed(queries, gallery, 50, 1).metrics()).isEqualTo(expected);
        assertThat(distributed(queries, gallery, 50, 3).metrics()).isEqualTo(expected);
    }

    @Test
    void nmiOnASampleSaysSo() {
        Vectors items = SparkBenchCommand.synthetic(300, 8, 30, 9);
        EvaluationSettings settings = EvaluationSettings.of(ConfigFactory.parseString(SETTINGS));
        DistributedEvaluation.Result sampled = new DistributedEvaluation(context, settings, 100, 1)
                .evaluate(items, null, 120, 1);
        assertThat(sampled.nmiItems()).isEqualTo(120);
        assertThat(sampled.metrics().get("nmi")).isBetween(0.0, 1.0);
        // the neighbour metrics do not depend on the sample
        Map<String, Double> all = single(items, null);
        assertThat(sampled.metrics().get("map@r")).isEqualTo(all.get("map@r"));
    }

    @Test
    void samplesAreSeededAndBatchesStayWhole() {
        assertThat(DistributedEvaluation.sample(5, 9, 1)).containsExactly(0, 1, 2, 3, 4);
        int[] a = DistributedEvaluation.sample(1000, 10, 7);
        assertThat(a).hasSize(10).isSorted().doesNotHaveDuplicates().isEqualTo(DistributedEvaluation.sample(1000, 10, 7));
        assertThat(a).isNotEqualTo(DistributedEvaluation.sample(1000, 10, 8));
        // 23 items in batches of 5 (5 batches) over 3 partitions: [0, 5), [5, 15), [15, 23)
        List<int[]> ranges = DistributedEmbedding.batchRanges(23, 3, 5);
        assertThat(ranges).extracting(r -> r[0] + "-" + r[1]).containsExactly("0-5", "5-15", "15-23");
        assertThat(DistributedEmbedding.batchRanges(3, 8, 5)).extracting(r -> r[0] + "-" + r[1]).containsExactly("0-3");
    }
}
