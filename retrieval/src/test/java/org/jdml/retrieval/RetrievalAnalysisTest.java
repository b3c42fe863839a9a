package org.jdml.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetrievalAnalysisTest {

    /** A hand-checkable case: 1-d points, rank by -distance. */
    @Test
    void averagePrecisionAndNeighboursByHand() {
        // positions 0..4 at x = 0, 1, 3, 3.5, 10; classes a a b a b
        float[] x = {0, 1, 3, 3.5f, 10};
        int[] labels = {0, 0, 1, 0, 1};
        RetrievalAnalysis analysis = RetrievalAnalysis.of(Similarities.onHost(x, x, 1, Metric.EUCLIDEAN), labels,
                labels, true, 3);
        // query 0: neighbours 1 (a), 2 (b), 3 (a); R = 2: AP = (1/1 + 0) / 2 = 0.5 (item 3 is 3rd, beyond R)
        assertThat(analysis.neighbours(0)).containsExactly(1, 2, 3);
        assertThat(analysis.averagePrecision(0)).isEqualTo(0.5f);
        assertThat(analysis.firstCorrect(0)).isTrue();
        // query 2 (b at 3): nearest 3 (a, 0.5), 1 (a, 2), 0 (a, 3), 4 (b, 7); R = 1: AP = 0
        assertThat(analysis.neighbours(2)).containsExactly(3, 1, 0);
        assertThat(analysis.averagePrecision(2)).isZero();
        assertThat(analysis.firstCorrect(2)).isFalse();
        // query 3 (a at 3.5): 2 (b), 1 (a), 0 (a); R = 2: AP = (0 + 1/2) / 2 = 0.25
        assertThat(analysis.averagePrecision(3)).isEqualTo(0.25f);
        List<RetrievalAnalysis.ClassStats> classes = analysis.perClass();
        // class a: queries 0, 1, 3. query 1: neighbours 0 (a, 1), 2 (b, 2): AP = (1 + 0)/2 = 0.5, first correct
        assertThat(classes.get(0)).isEqualTo(new RetrievalAnalysis.ClassStats(0, 3, 2 / 3.0, (0.5 + 0.5 + 0.25) / 3));
        // class b: query 2 (AP 0, wrong) and query 4 (nearest 3 (a): wrong; 2 is 2nd: AP 0)
        assertThat(classes.get(1)).isEqualTo(new RetrievalAnalysis.ClassStats(1, 2, 0, 0));
        // mistakes: query 2 -> a (3), query 3 -> b (2), query 4 -> a (3): pair (a, b) with 1 + 2
        assertThat(analysis.confusedPairs(5)).containsExactly(new RetrievalAnalysis.Confusion(0, 1, 1, 2, 3, 2));
        assertThat(analysis.hardest(2)).containsExactly(2, 4);
    }

    @Test
    void matchesSortingWholeRowsWithTies() {
        Random random = new Random(3);
        int n = 60;
        int dim = 3;
        float[] v = new float[n * dim];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextInt(3);   // small integers: many exact ties
        }
        int[] labels = new int[n];
        Arrays.setAll(labels, i -> i % 4);
        RetrievalAnalysis analysis = RetrievalAnalysis.of(Similarities.onHost(v, v, dim, Metric.EUCLIDEAN), labels,
                labels, true, 5);
        for (int q = 0; q < n; q++) {
            int query = q;
            List<Integer> order = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if (j != q) {
                    order.add(j);
                }
            }
            order.sort(Comparator.<Integer>comparingDouble(j -> -score(v, query, j, dim)).thenComparingInt(j -> j));
            assertThat(analysis.neighbours(q)).containsExactly(order.subList(0, 5).stream().mapToInt(i -> i).toArray());
            int r = n / 4 - 1;
            double sum = 0;
            int correct = 0;
            for (int p = 0; p < r; p++) {
                if (labels[order.get(p)] == labels[q]) {
                    correct++;
                    sum += (double) correct / (p + 1);
                }
            }
            assertThat(analysis.averagePrecision(q)).isCloseTo((float) (sum / r), org.assertj.core.data.Offset.offset(1e-6f));
        }
    }

    private static double score(float[] v, int a, int b, int dim) {
        double dot = 0;
        double norm = 0;
        for (int d = 0; d < dim; d++) {
            dot += v[a * dim + d] * v[b * dim + d];
            norm += v[b * dim + d] * v[b * dim + d];
        }
        return 2 * dot - norm;
    }

    @Test
    void theSampleIsFixedBySeed() {
        float[] v = new float[100];
        RetrievalAnalysis analysis = RetrievalAnalysis.of(Similarities.onHost(v, v, 1, Metric.EUCLIDEAN), new int[100],
                new int[100], true, 1);
        assertThat(analysis.sample(8, 0)).containsExactly(analysis.sample(8, 0)).hasSize(8).isSorted()
                .doesNotHaveDuplicates();
        assertThat(analysis.sample(8, 0)).isNotEqualTo(analysis.sample(8, 1));
    }
}
