package org.jdml.loss.triplet.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jdml.api.mining.Tuples;
import org.jdml.loss.triplet.Distance;
import org.jdml.loss.triplet.Reference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BatchHardMinerTest {

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
    void choosesTheFarthestPositiveAndNearestNegativeOfEachAnchor(DataType type, Distance distance,
            boolean normalize) {
        double tolerance = type == DataType.FLOAT32 ? 1e-4 : 1e-9;
        BatchHardMiner miner = new BatchHardMiner(distance, normalize);
        for (int seed = 0; seed < 4; seed++) {
            int b = 12 + 4 * seed;
            double[][] x = Reference.rounded(Reference.randomPoints(b, 5, seed), type);
            long[] y = Reference.randomLabels(b, 3 + seed % 2, seed);
            y[0] = 99; // an anchor without positive, which must be dropped
            NDArray labels = manager.create(y);
            Tuples.Triplets mined = (Tuples.Triplets) miner.mine(Reference.array(manager, x, type), labels);
            mined.checkAgainst(labels);
            double[][] d = Reference.distances(x, distance, normalize);
            List<Long> expectedAnchors = new ArrayList<>();
            for (int a = 0; a < b; a++) {
                double farthest = Double.NEGATIVE_INFINITY;
                double nearest = Double.POSITIVE_INFINITY;
                for (int j = 0; j < b; j++) {
                    if (j != a && y[j] == y[a]) {
                        farthest = Math.max(farthest, d[a][j]);
                    } else if (y[j] != y[a]) {
                        nearest = Math.min(nearest, d[a][j]);
                    }
                }
                if (farthest > Double.NEGATIVE_INFINITY && nearest < Double.POSITIVE_INFINITY) {
                    expectedAnchors.add((long) a);
                }
            }
            long[] anchors = mined.anchors().toLongArray();
            long[] positives = mined.positives().toLongArray();
            long[] negatives = mined.negatives().toLongArray();
            assertThat(anchors).containsExactly(expectedAnchors.stream().mapToLong(Long::longValue).toArray());
            for (int i = 0; i < anchors.length; i++) {
                int a = (int) anchors[i];
                for (int j = 0; j < b; j++) {
                    if (j != a && y[j] == y[a]) {
                        assertThat(d[a][(int) positives[i]]).isGreaterThanOrEqualTo(d[a][j] - tolerance);
                    } else if (y[j] != y[a]) {
                        assertThat(d[a][(int) negatives[i]]).isLessThanOrEqualTo(d[a][j] + tolerance);
                    }
                }
            }
        }
    }

    @Test
    void aBatchWithoutPositivesOrNegativesGivesNothing() {
        BatchHardMiner miner = new BatchHardMiner(Distance.EUCLIDEAN, true);
        NDArray e = Reference.array(manager, Reference.randomPoints(5, 3, 1), DataType.FLOAT32);
        assertThat(((Tuples.Triplets) miner.mine(e, manager.create(new long[] {0, 1, 2, 3, 4}))).size()).isZero();
        assertThat(((Tuples.Triplets) miner.mine(e, manager.create(new long[] {7, 7, 7, 7, 7}))).size()).isZero();
        assertThat(((Tuples.Triplets) miner.mine(manager.zeros(new ai.djl.ndarray.types.Shape(0, 3)),
                manager.create(new long[0]))).size()).isZero();
    }

    @Test
    void handPickedBatch() {
        // on a line: class 0 at 0, 1, 3; class 1 at 4, 10. Anchor 0: farthest positive 3 (d 3), nearest
        // negative 4 (d 4). Anchors 3 (x=4) and 4 (x=10): nearest negative x=3 (d 1 and 7).
        double[][] x = {{0}, {1}, {3}, {4}, {10}};
        Tuples.Triplets mined = (Tuples.Triplets) new BatchHardMiner(Distance.EUCLIDEAN, false)
                .mine(Reference.array(manager, x, DataType.FLOAT32), manager.create(new long[] {0, 0, 0, 1, 1}));
        assertThat(mined.anchors().toLongArray()).containsExactly(0, 1, 2, 3, 4);
        assertThat(mined.positives().toLongArray()).containsExactly(2, 2, 0, 4, 3);
        assertThat(mined.negatives().toLongArray()).containsExactly(3, 3, 3, 2, 2);
        assertThat(mined.anchors().getDataType()).isEqualTo(DataType.INT64);
    }
}
