package org.jdml.loss.triplet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.jdml.api.config.ComponentSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DistanceTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void configWords() {
        assertThat(List.of(Distance.values())).extracting(ComponentSettings::kebab)
                .containsExactly("euclidean", "squared-euclidean", "cosine");
    }

    @Test
    void handWorkedPair() {
        // (3, 4) and (6, 8): difference (3, 4), same direction; (−4, 3) is orthogonal to (3, 4)
        NDArray e = manager.create(new double[] {3, 4, 6, 8, -4, 3}, new ai.djl.ndarray.types.Shape(3, 2));
        assertThat(Distance.EUCLIDEAN.matrix(e).getDouble(0, 1)).isCloseTo(5, within(1e-12));
        assertThat(Distance.SQUARED_EUCLIDEAN.matrix(e).getDouble(0, 1)).isCloseTo(25, within(1e-12));
        assertThat(Distance.COSINE.matrix(e).getDouble(0, 1)).isCloseTo(0, within(1e-12));
        assertThat(Distance.COSINE.matrix(e).getDouble(0, 2)).isCloseTo(1, within(1e-12)); // orthogonal
    }

    @ParameterizedTest
    @EnumSource(Distance.class)
    void matrixMatchesTheDefinitionInBothPrecisions(Distance distance) {
        double[][] x = Reference.randomPoints(9, 4, 3);
        for (DataType type : List.of(DataType.FLOAT32, DataType.FLOAT64)) {
            double[][] rounded = Reference.rounded(x, type);
            NDArray d = distance.matrix(Reference.array(manager, rounded, type));
            assertThat(d.getDataType()).isEqualTo(type);
            double[] actual = d.toType(DataType.FLOAT64, false).toDoubleArray();
            double[][] expected = Reference.distances(rounded, distance, false);
            for (int i = 0; i < 9; i++) {
                for (int j = 0; j < 9; j++) {
                    double tolerance = type == DataType.FLOAT32 ? 1e-5 * Math.max(1, expected[i][j]) : 1e-12;
                    if (i == j && distance == Distance.EUCLIDEAN) {
                        // ‖x‖² + ‖x‖² − 2x·x rounds to about eps·‖x‖², whose root is ~1e-3 in float32; in
                        // float64 the floor of the root decides. Losses mask the diagonal either way.
                        double floor = Math.sqrt(Distance.SQRT_FLOOR);
                        assertThat(actual[i * 9 + j]).isBetween(floor * 0.999, type == DataType.FLOAT32 ? 3e-3 : 1e-5);
                        continue;
                    }
                    assertThat(actual[i * 9 + j]).as("%s (%d, %d)", type, i, j)
                            .isCloseTo(expected[i][j], within(tolerance));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Distance.class)
    void coincidingPointsGiveFiniteGradients(Distance distance) {
        NDArray e = manager.create(new float[] {0.6f, 0.8f, 0.6f, 0.8f, -1, 0}, new ai.djl.ndarray.types.Shape(3, 2));
        e.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            // every entry, the zero diagonal and the zero distance between rows 0 and 1 included
            collector.backward(distance.matrix(e).sum());
        }
        NDArray gradient = e.getGradient();
        assertThat(gradient.isNaN().logicalOr(gradient.isInfinite()).any().getBoolean()).isFalse();
    }

    @Test
    void normalizeGivesUnitRowsAndLeavesZeroRowsAlone() {
        NDArray e = manager.create(new double[] {3, 4, 0, 0}, new ai.djl.ndarray.types.Shape(2, 2));
        assertThat(Distance.normalize(e).toDoubleArray()).containsExactly(new double[] {0.6, 0.8, 0, 0}, within(1e-12));
    }
}
