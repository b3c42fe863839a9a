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

class HardMinerTest {

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

    /** Triplets as "a,p,n" strings, in the lexicographic order the miner produces. */
    static List<String> listed(Tuples.Triplets t) {
        long[] a = t.anchors().toLongArray();
        long[] p = t.positives().toLongArray();
        long[] n = t.negatives().toLongArray();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            out.add(a[i] + "," + p[i] + "," + n[i]);
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1} normalize={2}")
    @MethodSource("variants")
    void minesExactlyTheTripletsWithANegativeCloserThanThePositive(DataType type, Distance distance,
            boolean normalize) {
        // float32 distances may order a near-tie differently from double: those are left out of the comparison
        double ambiguous = type == DataType.FLOAT32 ? 1e-5 : 0;
        for (int seed = 0; seed < 4; seed++) {
            int b = 12 + 4 * seed;
            double[][] x = Reference.rounded(Reference.randomPoints(b, 5, seed), type);
            long[] y = Reference.randomLabels(b, 3 + seed % 2, 10 + seed);
            NDArray labels = manager.create(y);
            for (long elements : new long[] {AnchorChunks.DEFAULT_ELEMENTS, 1, 5L * b * b}) {
                Tuples.Triplets mined = (Tuples.Triplets) new HardMiner(distance, normalize, elements)
                        .mine(Reference.array(manager, x, type), labels);
                mined.checkAgainst(labels);
                double[][] d = Reference.distances(x, distance, normalize);
                List<String> expected = new ArrayList<>();
                List<String> unsure = new ArrayList<>();
                for (Reference.Triplet t : Reference.allTriplets(y)) {
                    double gap = d[t.a()][t.n()] - d[t.a()][t.p()];
                    String key = t.a() + "," + t.p() + "," + t.n();
                    if (Math.abs(gap) <= ambiguous) {
                        unsure.add(key);
                    } else if (gap < 0) {
                        expected.add(key);
                    }
                }
                List<String> actual = listed(mined);
                actual.removeAll(unsure);
                assertThat(actual).as("seed %d, %d elements per chunk", seed, elements).isEqualTo(expected);
                assertThat(expected).as("the batch has hard triplets").isNotEmpty();
            }
        }
    }

    @Test
    void handPickedBatch() {
        // on a line: class 0 at 0 and 3, class 1 at 2 and 10. Hard: (0,3 | 2) since d(0,2)=2 < 3;
        // (3,0 | 2) since d(3,2)=1 < 3; (2,10 | 0) and (2,10 | 3) since 2, 1 < 8; (10,2 | 3) since 7 < 8.
        double[][] x = {{0}, {3}, {2}, {10}};
        Tuples.Triplets mined = (Tuples.Triplets) new HardMiner(Distance.EUCLIDEAN, false)
                .mine(Reference.array(manager, x, DataType.FLOAT32), manager.create(new long[] {0, 0, 1, 1}));
        assertThat(listed(mined)).containsExactly("0,1,2", "1,0,2", "2,3,0", "2,3,1", "3,2,1");
    }

    @Test
    void aBatchOfOneClassGivesNothing() {
        NDArray e = Reference.array(manager, Reference.randomPoints(6, 3, 1), DataType.FLOAT32);
        Tuples.Triplets mined = (Tuples.Triplets) new HardMiner(Distance.EUCLIDEAN, true)
                .mine(e, manager.create(new long[] {2, 2, 2, 2, 2, 2}));
        assertThat(mined.size()).isZero();
    }
}
