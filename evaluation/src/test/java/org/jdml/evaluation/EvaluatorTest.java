package org.jdml.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import java.util.Random;
import org.jdml.api.config.JdmlConfigurationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

    private static final int[] KS = {1, 2, 4, 8};
    /** Both ranking paths must give the same numbers. */
    private static final String[] RANKINGS = {"ranking = engine", "ranking = host"};
    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static Evaluator evaluator(String settings) {
        return new Evaluator(ConfigFactory.parseString("progress = false\n" + settings));
    }

    private static NDArray array(float[][] rows) {
        return manager.create(rows);
    }

    /** Hand-worked 1-D case (Euclidean: the points are not unit vectors); see the comments per query. */
    @Test
    void handWorkedAllAgainstAll() {
        // item: 0 (x=0, A), 1 (x=1, A), 2 (x=2, B), 3 (x=4, A), 4 (x=7, B)
        // q0: 1A 2B 3A 4B, R=2: AP = (1 + 0)/2 = 0.5, RP 0.5, hit@1
        // q1: 0A (d 1, ties with 2B: lower index first) 2B 3A 4B: AP 0.5, RP 0.5, hit@1
        // q2: 1A 0A 3A 4B, R=1: AP 0, RP 0, first hit at rank 4
        // q3: 2B 1A (d 3, ties with 4B) 4B 0A, R=2: AP = (0 + 1/2)/2 = 0.25, RP 0.5, first hit at rank 2
        // q4: 3A 2B 1A 0A, R=1: AP 0, RP 0, first hit at rank 2
        float[][] x = {{0}, {1}, {2}, {4}, {7}};
        int[] labels = {0, 0, 1, 0, 1};
        for (String ranking : RANKINGS) {
            EvaluationResult result = evaluator(ranking).evaluate(array(x), labels);
            Map<String, Double> m = result.metrics();
            assertThat(m.keySet()).containsExactly("recall@1", "recall@2", "recall@4", "recall@8", "nmi", "map@r",
                    "r-precision");
            assertThat(m.get("recall@1")).isCloseTo(2 / 5.0, within(1e-6));
            assertThat(m.get("recall@2")).isCloseTo(4 / 5.0, within(1e-6));
            assertThat(m.get("recall@4")).isCloseTo(1.0, within(1e-6));
            assertThat(m.get("recall@8")).isCloseTo(1.0, within(1e-6));
            assertThat(m.get("map@r")).isCloseTo((0.5 + 0.5 + 0 + 0.25 + 0) / 5, within(1e-6));
            assertThat(m.get("r-precision")).isCloseTo((0.5 + 0.5 + 0 + 0.5 + 0) / 5, within(1e-6));
            assertThat(result.seconds()).isPositive();
        }
    }

    @Test
    void aQueryWithoutAnyOtherItemOfItsClassIsLeftOut() {
        float[][] x = {{0}, {1}, {2}, {4}, {7}, {20}};
        int[] labels = {0, 0, 1, 0, 1, 9};   // item 5 is alone in class 9 and farther from all than any other
        for (String ranking : RANKINGS) {
            Map<String, Double> m = evaluator(ranking).evaluate(array(x), labels).metrics();
            assertThat(m.get("recall@1")).isCloseTo(2 / 5.0, within(1e-6));
            assertThat(m.get("map@r")).isCloseTo(0.25, within(1e-6));
            assertThat(m.get("r-precision")).isCloseTo(0.3, within(1e-6));
        }
    }

    /** Hand-worked query/gallery case; a gallery item equal to a query is a neighbour like any other. */
    @Test
    void handWorkedQueryAgainstGallery() {
        float[][] q = {{0}, {5}};
        int[] qLabels = {0, 1};
        float[][] g = {{1}, {4}, {6}, {-3}, {0}};
        int[] gLabels = {0, 1, 0, 1, 1};
        // q0: g4B (d 0) g0A g3B g1B g2A, R=2: AP = (0 + 1/2)/2 = 0.25, RP 0.5, first hit at rank 2
        // q1: g1B (d 1, ties with g2A) g2A g0A g4B g3B, R=3: AP = 1/3, RP 1/3, hit@1
        for (String ranking : RANKINGS) {
            Map<String, Double> m = evaluator(ranking).evaluate(array(q), qLabels, array(g), gLabels).metrics();
            assertThat(m.get("recall@1")).isCloseTo(0.5, within(1e-6));
            assertThat(m.get("recall@2")).isCloseTo(1.0, within(1e-6));
            assertThat(m.get("map@r")).isCloseTo((0.25 + 1 / 3.0) / 2, within(1e-6));
            assertThat(m.get("r-precision")).isCloseTo((0.5 + 1 / 3.0) / 2, within(1e-6));
            assertThat(m.get("nmi")).isCloseTo(1.0, within(1e-9));   // two queries, two classes, two clusters
        }
    }

    @Test
    void matchesBruteForceOnNormalisedRandomEmbeddings() {
        Random random = new Random(1);
        int n = 150;
        float[][] x = new float[n][8];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i == n - 1 ? 99 : random.nextInt(5);   // the last one alone in its class
            double norm = 0;
            for (int d = 0; d < 8; d++) {
                x[i][d] = (float) (random.nextGaussian() + (d == labels[i] % 8 ? 1.5 : 0));
                norm += x[i][d] * x[i][d];
            }
            for (int d = 0; d < 8; d++) {
                x[i][d] /= (float) Math.sqrt(norm);
            }
        }
        x[10] = x[20].clone();   // exact duplicates: tied similarities for every query
        x[30] = x[20].clone();
        labels[30] = (labels[20] + 1) % 5;
        BruteForce expected = new BruteForce(x, labels, x, labels, KS, true, true);
        for (String ranking : RANKINGS) {
            for (String similarity : new String[] {"similarity = auto", "similarity = cosine"}) {
                assertMatches(evaluator(ranking + "\n" + similarity + "\nchunk-size = 64").evaluate(array(x), labels)
                        .metrics(), expected);
            }
        }
    }

    @Test
    void matchesBruteForceWithManyTiesForEveryChunkSize() {
        Random random = new Random(2);
        int n = 120;
        float[][] x = new float[n][3];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i < 4 ? 7 + i : random.nextInt(4);   // four singleton classes
            for (int d = 0; d < 3; d++) {
                x[i][d] = random.nextInt(5) - 2;   // small integers: distances are exact and tie often
            }
        }
        BruteForce expected = new BruteForce(x, labels, x, labels, new int[] {1, 3, 10}, false, true);
        assertThat(expected.queries).isEqualTo(n - 4);
        for (String ranking : RANKINGS) {
            Map<String, Double> first = null;
            for (int chunk : new int[] {7, 64, n}) {
                Map<String, Double> m = evaluator(ranking + "\nrecall-at = [10, 1, 3]\nchunk-size = " + chunk)
                        .evaluate(array(x), labels).metrics();
                assertThat(m.keySet()).startsWith("recall@1", "recall@3", "recall@10");
                assertThat(m.get("recall@1")).isCloseTo(expected.recall[0], within(1e-6));
                assertThat(m.get("recall@3")).isCloseTo(expected.recall[1], within(1e-6));
                assertThat(m.get("recall@10")).isCloseTo(expected.recall[2], within(1e-6));
                assertThat(m.get("map@r")).isCloseTo(expected.mapAtR, within(1e-5));
                assertThat(m.get("r-precision")).isCloseTo(expected.rPrecision, within(1e-5));
                if (first != null) {
                    assertThat(m).isEqualTo(first);   // bit for bit across chunk sizes, NMI included
                }
                first = m;
            }
        }
    }

    @Test
    void queryAgainstGalleryMatchesBruteForce() {
        Random random = new Random(3);
        float[][] q = new float[40][4];
        float[][] g = new float[90][4];
        int[] qLabels = new int[q.length];
        int[] gLabels = new int[g.length];
        for (int i = 0; i < q.length; i++) {
            qLabels[i] = i == 0 ? 42 : random.nextInt(6);   // class 42 is not in the gallery: left out
            for (int d = 0; d < 4; d++) {
                q[i][d] = random.nextInt(3);
            }
        }
        for (int j = 0; j < g.length; j++) {
            gLabels[j] = random.nextInt(6);
            for (int d = 0; d < 4; d++) {
                g[j][d] = random.nextInt(3);
            }
        }
        BruteForce expected = new BruteForce(q, qLabels, g, gLabels, KS, false, false);
        for (String ranking : RANKINGS) {
            for (int chunk : new int[] {7, 40}) {
                Map<String, Double> m = evaluator(ranking + "\nchunk-size = " + chunk)
                        .evaluate(array(q), qLabels, array(g), gLabels).metrics();
                assertMatches(m, expected);
            }
        }
    }

    @Test
    void nmiIsOneForSeparatedClustersWhateverTheLabelNumbers() {
        Random random = new Random(4);
        int[] names = {17, 3, 250, 8, 41};
        int n = 200;
        float[][] x = new float[n][2];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 5;
            labels[i] = names[c];
            x[i][0] = (float) (100 * c + random.nextGaussian());
            x[i][1] = (float) (-50 * c + random.nextGaussian());
        }
        EvaluationResult result = evaluator("").evaluate(array(x), labels);
        assertThat(result.get("nmi")).isCloseTo(1.0, within(1e-12));
        assertThat(result.get("recall@1")).isEqualTo(1.0);
        assertThat(result.get("map@r")).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void leavesTheCallersArraysAndManagerAsTheyWere() {
        try (NDManager caller = manager.newSubManager()) {
            NDArray x = caller.create(new float[][] {{0, 1}, {1, 0}, {0.6f, 0.8f}, {0.8f, 0.6f}});
            int before = caller.getManagedArrays().size();
            evaluator("").evaluate(x, new int[] {0, 1, 0, 1});
            assertThat(caller.getManagedArrays()).hasSize(before);
            assertThat(x.toFloatArray()).containsExactly(0, 1, 1, 0, 0.6f, 0.8f, 0.8f, 0.6f);
        }
    }

    @Test
    void badSettingsAreReportedTogether() {
        Config bad = ConfigFactory.parseString("recall-at = [0, 2]\nchunk-size = 0\nkmeans-iterations = 0\n"
                + "similarity = manhattan\nnumber-of-bins = 3");
        assertThatThrownBy(() -> new Evaluator(bad)).isInstanceOf(JdmlConfigurationException.class)
                .hasMessageContaining("number-of-bins");
        Config badValues = ConfigFactory.parseString(
                "recall-at = [0, 2]\nchunk-size = 0\nkmeans-iterations = 0\nsimilarity = manhattan\nranking = gpu");
        assertThatThrownBy(() -> new Evaluator(badValues)).isInstanceOf(JdmlConfigurationException.class)
                .hasMessageContaining("jdml.eval.recall-at").hasMessageContaining("jdml.eval.chunk-size")
                .hasMessageContaining("jdml.eval.kmeans-iterations").hasMessageContaining("[auto, cosine, euclidean]")
                .hasMessageContaining("[auto, engine, host]");
    }

    private static void assertMatches(Map<String, Double> m, BruteForce expected) {
        for (int k = 0; k < KS.length; k++) {
            assertThat(m.get("recall@" + KS[k])).as("recall@" + KS[k]).isCloseTo(expected.recall[k], within(1e-6));
        }
        assertThat(m.get("map@r")).isCloseTo(expected.mapAtR, within(1e-5));
        assertThat(m.get("r-precision")).isCloseTo(expected.rPrecision, within(1e-5));
    }

    @Test
    void collapsedEmbeddingsGetDefinedMetricsWorkedOutByHand() {
        // six identical rows, classes A A A B B B: every distance ties, neighbours come in index order.
        // Queries 0-2 (A, R = 2) see two A items first: hit@1, AP 1. Queries 3-5 (B) see the three A items
        // first: no hit within 1 or R. k-means finds one cluster: NMI 0.
        float[][] x = new float[6][];
        for (int i = 0; i < 6; i++) {
            x[i] = new float[] {0.3f, -0.2f};
        }
        int[] labels = {0, 0, 0, 1, 1, 1};
        for (String ranking : RANKINGS) {
            Map<String, Double> m = evaluator(ranking + "\nkmeans-restarts = 2").evaluate(array(x), labels).metrics();
            assertThat(m.get("recall@1")).as(ranking).isCloseTo(0.5, within(1e-9));
            assertThat(m.get("map@r")).as(ranking).isCloseTo(0.5, within(1e-9));
            assertThat(m.get("r-precision")).as(ranking).isCloseTo(0.5, within(1e-9));
            assertThat(m.get("nmi")).as(ranking).isEqualTo(0.0);
        }
    }

    @Test
    void nonFiniteEmbeddingsDoNotCrashAnyMetric() {
        float[][] x = {{Float.NaN, 0}, {1, 0}, {0, 1}, {Float.POSITIVE_INFINITY, 1}, {0.5f, 0.5f}, {0, 0}};
        int[] labels = {0, 0, 1, 1, 0, 1};
        for (String ranking : RANKINGS) {
            Map<String, Double> m = evaluator(ranking).evaluate(array(x), labels).metrics();
            assertThat(m.values()).as(ranking).allSatisfy(v -> assertThat(v).isBetween(0.0, 1.0));
        }
    }
}
