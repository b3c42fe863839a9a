package org.jdml.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import com.typesafe.config.ConfigFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pieces put together give the Evaluator's metrics exactly, however the work is cut. */
class QueryScoresTest {

    private static final String SETTINGS = "progress = false, chunk-size = 16, recall-at = [1, 2, 4, 8]";
    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /**
     * Coordinates on a coarse grid, so that many similarities tie exactly (the tie rule is tested too);
     * unit rows when {@code unit}.
     */
    private static float[][] points(int n, int d, int classes, long seed, boolean unit, int[] labels) {
        Random random = new Random(seed);
        float[][] x = new float[n][d];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(classes);
            double norm = 0;
            for (int j = 0; j < d; j++) {
                x[i][j] = random.nextInt(3) - 1 + (j == labels[i] % d ? 1 : 0);
                norm += x[i][j] * x[i][j];
            }
            if (unit) {
                for (int j = 0; j < d; j++) {
                    x[i][j] = norm == 0 ? (j == 0 ? 1f : 0f) : (float) (x[i][j] / Math.sqrt(norm));
                }
            }
        }
        return x;
    }

    private static QueryScores scores(String extra) {
        return new QueryScores(EvaluationSettings.of(ConfigFactory.parseString(SETTINGS + "\n" + extra)));
    }

    /** Every metric but NMI, as the Evaluator computes it on the whole set. */
    private static Map<String, Double> evaluatorNeighbourMetrics(String extra, NDArray q, int[] ql, NDArray g, int[] gl) {
        Evaluator evaluator = new Evaluator(ConfigFactory.parseString(SETTINGS + "\n" + extra));
        Map<String, Double> all = new LinkedHashMap<>(g == null ? evaluator.evaluate(q, ql).metrics()
                : evaluator.evaluate(q, ql, g, gl).metrics());
        all.remove(EvaluationResult.NMI);
        return all;
    }

    /** Blocks of queries against the whole gallery, block starts a multiple of the chunk size. */
    private static float[][] byQueryBlocks(QueryScores scores, NDArray q, int[] ql, int[] r, NDArray g, int[] gl,
            boolean dot, boolean sameSet, int block) {
        int n = ql.length;
        float[][] all = new float[scores.settings().recallAt().length + 2][n];
        for (int start = 0; start < n; start += block) {
            int end = Math.min(n, start + block);
            try (NDManager task = manager.newSubManager()) {
                NDArray qb = q.get(task, new NDIndex("{}:{}", start, end));
                float[][] part = scores.ofBlock(qb, sameSet ? start : 0, Arrays.copyOfRange(ql, start, end),
                        Arrays.copyOfRange(r, start, end), g, gl, dot, sameSet);
                for (int j = 0; j < all.length; j++) {
                    System.arraycopy(part[j], 0, all[j], start, end - start);
                }
            }
        }
        return all;
    }

    /** Each query's lists from gallery parts, merged in a scrambled order, then scored. */
    private static float[][] byGalleryParts(QueryScores scores, NDArray q, int[] ql, int[] r, NDArray g, int[] gl,
            boolean dot, boolean sameSet, int part) {
        int n = ql.length;
        int m = gl.length;
        int[] k = new int[n];
        for (int i = 0; i < n; i++) {
            k[i] = scores.neighboursNeeded(r[i], m, sameSet);
        }
        long[][] merged = new long[n][0];
        int parts = (m + part - 1) / part;
        for (int p = parts - 1; p >= 0; p--) {   // last part first: merging must not depend on the order
            int from = p * part;
            int to = Math.min(m, from + part);
            try (NDManager task = manager.newSubManager()) {
                long[][] lists = scores.neighboursIn(q, 0, k, g.get(task, new NDIndex("{}:{}", from, to)), from, dot,
                        sameSet);
                for (int i = 0; i < n; i++) {
                    merged[i] = QueryScores.merge(lists[i], merged[i], k[i]);
                }
            }
        }
        float[][] all = new float[scores.settings().recallAt().length + 2][n];
        for (int i = 0; i < n; i++) {
            float[] one = scores.score(merged[i], ql[i], r[i], gl);
            for (int j = 0; j < all.length; j++) {
                all[j][i] = one[j];
            }
        }
        return all;
    }

    @Test
    void queryBlocksAndGalleryPartsGiveTheEvaluatorsMetricsExactly() {
        for (String ranking : new String[] {"ranking = host", "ranking = engine"}) {
            for (boolean unit : new boolean[] {true, false}) {
                int[] labels = new int[203];
                float[][] x = points(labels.length, 4, 7, unit ? 11 : 12, unit, labels);
                NDArray e = manager.create(x);
                QueryScores scores = scores(ranking);
                boolean dot = scores.byDotProduct(e, null);
                assertThat(dot).isEqualTo(unit);
                int[] r = QueryScores.relevantCounts(labels, labels, true);
                Map<String, Double> expected = evaluatorNeighbourMetrics(ranking, e, labels, null, null);

                float[][] blocks = byQueryBlocks(scores, e, labels, r, e, labels, dot, true, 48);
                assertThat(scores.metrics(blocks, r).values()).as(ranking + ", unit " + unit).isEqualTo(expected);
                // merged lists are scored on the host (float64 sums); the engine's float32 sums may differ in the
                // last bit of average precision, nowhere else
                float[][] parts = byGalleryParts(scores, e, labels, r, e, labels, dot, true, 37);
                for (int j = 0; j < blocks.length; j++) {
                    if (ranking.endsWith("host") || j < scores.settings().recallAt().length) {
                        assertThat(parts[j]).as("score " + j + ", " + ranking + ", unit " + unit).containsExactly(blocks[j]);
                    } else {
                        for (int i = 0; i < labels.length; i++) {
                            assertThat(parts[j][i]).isCloseTo(blocks[j][i], org.assertj.core.data.Offset.offset(1e-6f));
                        }
                    }
                }
            }
        }
    }

    @Test
    void queriesAgainstASeparateGalleryToo() {
        int[] ql = new int[61];
        int[] gl = new int[150];
        NDArray q = manager.create(points(ql.length, 5, 9, 21, true, ql));
        NDArray g = manager.create(points(gl.length, 5, 9, 22, true, gl));
        QueryScores scores = scores("");
        boolean dot = scores.byDotProduct(q, g);
        int[] r = QueryScores.relevantCounts(ql, gl, false);
        Map<String, Double> expected = evaluatorNeighbourMetrics("", q, ql, g, gl);
        float[][] blocks = byQueryBlocks(scores, q, ql, r, g, gl, dot, false, 32);
        assertThat(scores.metrics(blocks, r).values()).isEqualTo(expected);
        float[][] parts = byGalleryParts(scores, q, ql, r, g, gl, dot, false, 40);
        assertThat(scores.metrics(parts, r).values()).isEqualTo(expected);
    }

    @Test
    void keysOrderBySimilarityDescendingThenIndex() {
        long a = QueryScores.key(0.5f, 7);
        long b = QueryScores.key(0.5f, 3);
        long c = QueryScores.key(-0.25f, 0);
        long d = QueryScores.key(Float.NEGATIVE_INFINITY, 1);
        long e = QueryScores.key(0.75f, 9);
        long[] sorted = {e, b, a, c, d};
        for (int i = 1; i < sorted.length; i++) {
            assertThat(Long.compareUnsigned(sorted[i - 1], sorted[i])).isNegative();
        }
        assertThat(QueryScores.index(a)).isEqualTo(7);
        assertThat(QueryScores.key(-0f, 2)).isEqualTo(QueryScores.key(0f, 2));
        // the first four of two ranked lists, in ranking order
        assertThat(QueryScores.merge(new long[] {e, a, d}, new long[] {b, c}, 4)).containsExactly(e, b, a, c);
        assertThat(QueryScores.merge(new long[] {}, new long[] {b, c}, 4)).containsExactly(b, c);
    }

    @Test
    void scoreOfOneRankedListByHand() {
        // gallery labels by index; the query (label 1, R = 2) ranks 4, 2, 0, 3: hits at ranks 2 and 3
        int[] gl = {1, 0, 1, 0, 0};
        long[] ranked = {QueryScores.key(0.9f, 4), QueryScores.key(0.8f, 2), QueryScores.key(0.7f, 0),
            QueryScores.key(0.1f, 3)};
        float[] s = scores("").score(ranked, 1, 2, gl);
        // recall@1 0, @2 1, @4 1, @8 1; AP at R=2: (1/2)/2 = 0.25; R-precision 1/2
        assertThat(s).containsExactly(0f, 1f, 1f, 1f, 0.25f, 0.5f);
    }
}
