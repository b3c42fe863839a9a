package org.jdml.loss.triplet.mining;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jdml.api.mining.Tuples;
import org.jdml.loss.triplet.AnchorChunks;
import org.jdml.loss.triplet.Distance;
import org.jdml.loss.triplet.Reference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SemiHardMinerTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    static Stream<Arguments> variants() {
        List<Arguments> all = new ArrayList<>();
        for (DataType type : List.of(DataType.FLOAT32, DataType.FLOAT64)) {
            for (Distance distance : Distance.values()) {
                for (boolean normalize : List.of(true, false)) {
                    all.add(Arguments.of(type, distance, normalize));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} normalize={2}")
    @MethodSource("variants")
    void choosesTheNearestSemiHardNegativeOrElseTheNearestNegative(DataType type, Distance distance,
            boolean normalize) {
        double tolerance = type == DataType.FLOAT32 ? 1e-5 : 1e-12;
        // a band wide enough that some pairs have semi-hard negatives and some do not
        double margin = distance == Distance.SQUARED_EUCLIDEAN && !normalize ? 1.5
                : distance == Distance.COSINE ? 0.1 : 0.25;
        int semiHard = 0;
        int fallback = 0;
        for (int seed = 0; seed < 4; seed++) {
            int b = 12 + 4 * seed;
            double[][] x = Reference.rounded(Reference.randomPoints(b, 5, seed), type);
            long[] y = Reference.randomLabels(b, 3 + seed % 2, 20 + seed);
            NDArray labels = manager.create(y);
            double[][] d = Reference.distances(x, distance, normalize);
            for (long elements : new long[] {AnchorChunks.DEFAULT_ELEMENTS, 1, 3L * b * b}) {
                Tuples.Triplets mined = (Tuples.Triplets) new SemiHardMiner(distance, normalize, margin, elements)
                        .mine(Reference.array(manager, x, type), labels);
                mined.checkAgainst(labels);
                long[] a = mined.anchors().toLongArray();
                long[] p = mined.positives().toLongArray();
                long[] n = mined.negatives().toLongArray();
                // one triplet per (anchor, positive) pair whose anchor has a negative, in order
                List<String> expectedPairs = new ArrayList<>();
                for (int i = 0; i < b; i++) {
                    boolean hasNegative = false;
                    for (int j = 0; j < b; j++) {
                        hasNegative |= y[j] != y[i];
                    }
                    for (int j = 0; j < b; j++) {
                        if (hasNegative && j != i && y[j] == y[i]) {
                            expectedPairs.add(i + "," + j);
                        }
                    }
                }
                List<String> pairs = new ArrayList<>();
                for (int i = 0; i < a.length; i++) {
                    pairs.add(a[i] + "," + p[i]);
                }
                assertThat(pairs).isEqualTo(expectedPairs);
                for (int i = 0; i < a.length; i++) {
                    double dap = d[(int) a[i]][(int) p[i]];
                    double nearestSemi = Double.POSITIVE_INFINITY;
                    double nearest = Double.POSITIVE_INFINITY;
                    for (int j = 0; j < b; j++) {
                        if (y[j] == y[(int) a[i]]) {
                            continue;
                        }
                        double dan = d[(int) a[i]][j];
                        nearest = Math.min(nearest, dan);
                        if (dap < dan && dan < dap + margin) {
                            nearestSemi = Math.min(nearestSemi, dan);
                        }
                    }
                    double chosen = d[(int) a[i]][(int) n[i]];
                    if (nearestSemi < Double.POSITIVE_INFINITY) {
                        semiHard++;
                        assertThat(chosen).as("semi-hard negative of pair %s", pairs.get(i))
                                .isBetween(dap - tolerance, dap + margin + tolerance)
                                .isLessThanOrEqualTo(nearestSemi + tolerance);
                    } else {
                        fallback++;
                        assertThat(chosen).as("fallback negative of pair %s", pairs.get(i))
                                .isLessThanOrEqualTo(nearest + tolerance);
                    }
                }
            }
        }
        assertThat(semiHard).as("pairs with a semi-hard negative").isPositive();
        assertThat(fallback).as("pairs without one").isPositive();
    }

    @Test
    void handPickedBatch() {
        // on a line, margin 1: class 0 at 0 and 2, class 1 at 1.5, 2.5 and 9.
        // pair (0,2), d = 2: negatives at 1.5 (hard), 2.5 (semi-hard: 2 < 2.5 < 3), 9 (easy) → 2.5
        // pair (2,0), d = 2: negatives at d 0.5, 0.5, 7: none in (2, 3) → nearest, 1.5 (lowest index)
        // pair (1.5,2.5), d = 1: negatives 0 (d 1.5, in (1, 2)) and 2 (d 0.5) → 0
        double[][] x = {{0}, {2}, {1.5}, {2.5}, {9}};
        Tuples.Triplets mined = (Tuples.Triplets) new SemiHardMiner(Distance.EUCLIDEAN, false, 1.0)
                .mine(Reference.array(manager, x, DataType.FLOAT64), manager.create(new long[] {0, 0, 1, 1, 1}));
        assertThat(HardMinerTest.listed(mined)).containsExactly(
                "0,1,3", "1,0,2", "2,3,0", "2,4,1", "3,2,1", "3,4,1", "4,2,1", "4,3,1");
    }

    @Test
    void aBatchOfOneClassGivesNothing() {
        NDArray e = Reference.array(manager, Reference.randomPoints(6, 3, 1), DataType.FLOAT32);
        Tuples.Triplets mined = (Tuples.Triplets) new SemiHardMiner(Distance.EUCLIDEAN, true, 0.2)
                .mine(e, manager.create(new long[] {2, 2, 2, 2, 2, 2}));
        assertThat(mined.size()).isZero();
    }
}
