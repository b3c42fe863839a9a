package org.jdml.loss.triplet.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jdml.api.mining.Miner;
import org.jdml.api.mining.Tuples;
import org.jdml.loss.triplet.Distance;
import org.jdml.loss.triplet.Reference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DistanceWeightedMinerTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** The negatives of {@code times} successive minings. */
    static List<long[]> negatives(Miner miner, NDArray e, NDArray labels, int times) {
        List<long[]> all = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            all.add(((Tuples.Triplets) miner.mine(e, labels)).negatives().toLongArray());
        }
        return all;
    }

    /**
     * The sampling distribution from its definition, in double: weight 1/q(max(d, cutoff)) with q(d) =
     * d^(n−2) (1 − d²/4)^((n−3)/2), for negatives closer than the second cut-off; uniform over the
     * negatives when none is.
     */
    static double[][] expectedProbabilities(double[][] x, long[] y, double cutoff, double nonzero) {
        int b = x.length;
        int n = x[0].length;
        double[][] d = Reference.distances(x, Distance.EUCLIDEAN, true);
        double[][] p = new double[b][b];
        for (int a = 0; a < b; a++) {
            double total = 0;
            boolean anyEligible = false;
            for (int j = 0; j < b; j++) {
                anyEligible |= y[j] != y[a] && d[a][j] < nonzero;
            }
            for (int j = 0; j < b; j++) {
                if (y[j] == y[a] || (anyEligible && d[a][j] >= nonzero)) {
                    continue;
                }
                double c = Math.max(d[a][j], cutoff);
                double q = Math.pow(c, n - 2) * Math.pow(1 - c * c / 4, (n - 3) / 2.0);
                p[a][j] = anyEligible ? 1 / q : 1;
                total += p[a][j];
            }
            for (int j = 0; j < b && total > 0; j++) {
                p[a][j] /= total;
            }
        }
        return p;
    }

    @Test
    void probabilitiesFollowTheInverseDensityOnTheSphere() {
        for (int seed = 0; seed < 4; seed++) {
            int b = 12 + 4 * seed;
            int dim = 4 + 2 * seed;
            double[][] x = Reference.rounded(Reference.randomPoints(b, dim, seed), DataType.FLOAT32);
            long[] y = Reference.randomLabels(b, 3 + seed % 2, 30 + seed);
            for (double[] cut : new double[][] {{0.5, 1.4}, {0.2, 1.2}, {0.0, 1.9}}) {
                DistanceWeightedMiner miner = new DistanceWeightedMiner(cut[0], cut[1], new Random(1));
                double[] actual = miner.probabilities(Reference.array(manager, x, DataType.FLOAT32), manager.create(y));
                double[][] expected = expectedProbabilities(x, y, cut[0], cut[1]);
                for (int a = 0; a < b; a++) {
                    for (int j = 0; j < b; j++) {
                        assertThat(actual[a * b + j]).as("seed %d cut-offs %s, row %d column %d", seed,
                                java.util.Arrays.toString(cut), a, j).isCloseTo(expected[a][j], within(2e-5));
                    }
                }
            }
        }
    }

    @Test
    void minesOneDrawnNegativeForEveryPositivePair() {
        for (int seed = 0; seed < 4; seed++) {
            int b = 12 + 4 * seed;
            double[][] x = Reference.randomPoints(b, 6, seed);
            long[] y = Reference.randomLabels(b, 3, 40 + seed);
            NDArray labels = manager.create(y);
            NDArray e = Reference.array(manager, x, DataType.FLOAT32);
            DistanceWeightedMiner miner = new DistanceWeightedMiner(0.5, 1.4, new Random(seed));
            double[] probability = miner.probabilities(e, labels);
            Tuples.Triplets mined = (Tuples.Triplets) miner.mine(e, labels);
            mined.checkAgainst(labels);
            List<String> pairs = new ArrayList<>();
            long[] a = mined.anchors().toLongArray();
            long[] p = mined.positives().toLongArray();
            long[] n = mined.negatives().toLongArray();
            for (int i = 0; i < a.length; i++) {
                pairs.add(a[i] + "," + p[i]);
                assertThat(probability[(int) (a[i] * b + n[i])]).as("chance of the drawn negative").isPositive();
            }
            List<String> expected = new ArrayList<>();
            for (Reference.Triplet t : Reference.allTriplets(y)) {
                String pair = t.a() + "," + t.p();
                if (!expected.contains(pair)) {
                    expected.add(pair);
                }
            }
            assertThat(pairs).isEqualTo(expected);
        }
    }

    @Test
    void drawsFollowTheProbabilities() {
        int b = 12;
        double[][] x = Reference.randomPoints(b, 4, 5);
        long[] y = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2};
        NDArray labels = manager.create(y);
        NDArray e = Reference.array(manager, x, DataType.FLOAT32);
        DistanceWeightedMiner miner = new DistanceWeightedMiner(0.5, 1.4, new Random(7));
        double[] probability = miner.probabilities(e, labels);
        int[][] counts = new int[b][b];
        int rounds = 400; // 3 positives per anchor: 1,200 draws per anchor
        for (int r = 0; r < rounds; r++) {
            Tuples.Triplets mined = (Tuples.Triplets) miner.mine(e, labels);
            long[] a = mined.anchors().toLongArray();
            long[] n = mined.negatives().toLongArray();
            for (int i = 0; i < a.length; i++) {
                counts[(int) a[i]][(int) n[i]]++;
            }
        }
        int draws = rounds * 3;
        for (int a = 0; a < b; a++) {
            for (int j = 0; j < b; j++) {
                double pj = probability[a * b + j];
                double frequency = (double) counts[a][j] / draws;
                // five standard deviations of a binomial share
                double allowed = 5 * Math.sqrt(pj * (1 - pj) / draws) + 1e-9;
                assertThat(frequency).as("anchor %d, negative %d", a, j).isCloseTo(pj, within(allowed));
            }
        }
    }

    @Test
    void negativesBeyondTheSecondCutoffAreDrawnUniformlyWhenNothingIsCloser() {
        // class 0 near (1, 0), class 1 near (−1, 0): every negative is at distance ≈ 2 > 1.4
        double[][] x = {{1, 0}, {0.99, 0.1}, {0.98, -0.1}, {-1, 0}, {-0.99, 0.1}};
        long[] y = {0, 0, 0, 1, 1};
        DistanceWeightedMiner miner = new DistanceWeightedMiner(0.5, 1.4, new Random(1));
        double[] probability = miner.probabilities(Reference.array(manager, x, DataType.FLOAT64), manager.create(y));
        assertThat(probability[3]).isCloseTo(0.5, within(1e-12)); // anchor 0: negatives 3 and 4
        assertThat(probability[4]).isCloseTo(0.5, within(1e-12));
        assertThat(probability[3 * 5]).isCloseTo(1 / 3.0, within(1e-12)); // anchor 3: negatives 0, 1, 2
        assertThat(probability[0]).isZero();
    }

    @Test
    void aBatchOfOneClassGivesNothing() {
        NDArray e = Reference.array(manager, Reference.randomPoints(6, 3, 1), DataType.FLOAT32);
        Tuples.Triplets mined = (Tuples.Triplets) new DistanceWeightedMiner(0.5, 1.4, new Random(0))
                .mine(e, manager.create(new long[] {2, 2, 2, 2, 2, 2}));
        assertThat(mined.size()).isZero();
    }

    @Test
    void aRestoredMinerDrawsWhatTheOriginalWouldHaveDrawn() throws IOException {
        NDArray e = Reference.array(manager, Reference.randomPoints(16, 6, 9), DataType.FLOAT32);
        NDArray labels = manager.create(Reference.randomLabels(16, 3, 9));
        DistanceWeightedMiner original = new DistanceWeightedMiner(0.5, 1.4, new Random(42));
        negatives(original, e, labels, 2);
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        original.saveState(new DataOutputStream(saved));
        DistanceWeightedMiner restored = new DistanceWeightedMiner(0.5, 1.4, new Random(-1));
        restored.loadState(new DataInputStream(new ByteArrayInputStream(saved.toByteArray())));
        List<long[]> expected = negatives(original, e, labels, 3);
        List<long[]> actual = negatives(restored, e, labels, 3);
        assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
        // and the draws do depend on the random source
        List<long[]> other = negatives(new DistanceWeightedMiner(0.5, 1.4, new Random(43)), e, labels, 3);
        assertThat(other).usingRecursiveComparison().isNotEqualTo(expected);
    }
}
