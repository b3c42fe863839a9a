package org.jdml.loss.triplet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jdml.api.loss.LossOutput;
import org.jdml.api.mining.Tuples;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class GlobalLossTest {

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
    void handWorkedExampleOnALine() {
        // x = 0, 1 (class 0) and 3, 5 (class 1), squared Euclidean, not normalised.
        // positive pairs: (0,1) → 1, (3,5) → 4: μ⁺ = 2.5, σ²⁺ = 2.25
        // negative pairs: (0,3) → 9, (0,5) → 25, (1,3) → 4, (1,5) → 16: μ⁻ = 13.5,
        //   σ²⁻ = (20.25 + 132.25 + 90.25 + 6.25) / 4 = 62.25
        // hinge: max(0, 2.5 − 13.5 + 12) = 1; loss = 2.25 + 62.25 + 0.5 · 1 = 65
        double[][] x = {{0}, {1}, {3}, {5}};
        long[] y = {0, 0, 1, 1};
        GlobalLoss loss = new GlobalLoss(0.5, 12, Distance.SQUARED_EUCLIDEAN, false);
        for (DataType type : List.of(DataType.FLOAT32, DataType.FLOAT64)) {
            LossOutput out = loss.compute(Reference.array(manager, x, type), manager.create(y), Tuples.all());
            assertThat(out.loss().getDataType()).isEqualTo(type);
            assertThat(out.loss().toType(DataType.FLOAT64, false).getDouble()).isCloseTo(65, within(1e-4));
            assertThat(out.activeFraction()).isNull();
        }
        assertThat(Reference.global(x, y, 0.5, 12, Distance.SQUARED_EUCLIDEAN, false)).isCloseTo(65, within(1e-12));
        // with margin 10 the means are far enough apart: only the variances remain
        assertThat(new GlobalLoss(0.5, 10, Distance.SQUARED_EUCLIDEAN, false)
                .compute(Reference.array(manager, x, DataType.FLOAT64), manager.create(y), Tuples.all())
                .loss().getDouble()).isCloseTo(64.5, within(1e-9));
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
    void allPairsMatchTheBruteForceStatistics(DataType type, Distance distance, boolean normalize) {
        double tolerance = type == DataType.FLOAT32 ? 2e-5 : 1e-10;
        for (var batch : List.of(new Object[] {TripletMarginLossTest.SIX, TripletMarginLossTest.SIX_LABELS},
                new Object[] {TripletMarginLossTest.FIVE, TripletMarginLossTest.FIVE_LABELS})) {
            double[][] x = (double[][]) batch[0];
            long[] y = (long[]) batch[1];
            // a margin large enough for the hinge to be active, and one for it to be inactive
            for (double margin : List.of(0.05, 2.0)) {
                GlobalLoss loss = new GlobalLoss(0.7, margin, distance, normalize);
                double actual = loss.compute(Reference.array(manager, x, type), manager.create(y), Tuples.all())
                        .loss().toType(DataType.FLOAT64, false).getDouble();
                double expected = Reference.global(Reference.rounded(x, type), y, 0.7, margin, distance, normalize);
                assertThat(actual).isCloseTo(expected, within(tolerance * Math.max(1, expected)));
            }
        }
    }

    @Test
    void minedPairsAreTheOnesUsed() {
        double[][] x = TripletMarginLossTest.SIX;
        long[] y = TripletMarginLossTest.SIX_LABELS;
        // positive pairs (0,1), (2,3), (0,1) again; negative pairs (0,2), (5,1)
        Tuples.Pairs pairs = new Tuples.Pairs(manager.create(new long[] {0, 2, 0}), manager.create(new long[] {1, 3, 1}),
                manager.create(new long[] {0, 5}), manager.create(new long[] {2, 1}));
        double[][] d = Reference.distances(x, Distance.EUCLIDEAN, true);
        double expected = Reference.global(List.of(d[0][1], d[2][3], d[0][1]), List.of(d[0][2], d[5][1]), 1.5, 0.9);
        for (DataType type : List.of(DataType.FLOAT32, DataType.FLOAT64)) {
            double actual = new GlobalLoss(1.5, 0.9, Distance.EUCLIDEAN, true)
                    .compute(Reference.array(manager, x, type), manager.create(y), pairs)
                    .loss().toType(DataType.FLOAT64, false).getDouble();
            assertThat(actual).isCloseTo(expected, within(type == DataType.FLOAT32 ? 1e-5 : 1e-12));
        }
        // triplets give their anchor-positive and anchor-negative pairs
        Tuples.Triplets triplets = new Tuples.Triplets(manager.create(new long[] {0, 3}),
                manager.create(new long[] {1, 2}), manager.create(new long[] {4, 0}));
        double fromTriplets = new GlobalLoss(1.5, 0.9, Distance.EUCLIDEAN, true)
                .compute(Reference.array(manager, x, DataType.FLOAT64), manager.create(y), triplets).loss().getDouble();
        assertThat(fromTriplets).isCloseTo(
                Reference.global(List.of(d[0][1], d[3][2]), List.of(d[0][4], d[3][0]), 1.5, 0.9), within(1e-12));
    }

    @Test
    void paperScaleOnExplicitTripletsByHand() {
        // x = 0, 2 (class 0), 4 (class 1); d = ||x - y||^2 / 4. Triplets (0,1,2) and (1,0,2):
        // d+ = 1, 1 (mean 1, variance 0); d- = u = 4, v = 1 (mean 2.5, variance (u - v)^2 / 4 = 2.25)
        // margin 0.01: max(0, 1 - 2.5 + 0.01) = 0 -> 2.25; margin 2: 2.25 + 1 * 0.5 = 2.75
        double[][] x = {{0}, {2}, {4}};
        NDArray labels = manager.create(new long[] {0, 0, 1});
        Tuples.Triplets triplets = new Tuples.Triplets(manager.create(new long[] {0, 1}),
                manager.create(new long[] {1, 0}), manager.create(new long[] {2, 2}));
        for (double[] marginAndLoss : new double[][] {{0.01, 2.25}, {2, 2.75}}) {
            GlobalLoss loss = new GlobalLoss(1.0, marginAndLoss[0], Distance.SQUARED_EUCLIDEAN, false, 0.25);
            assertThat(loss.compute(Reference.array(manager, x, DataType.FLOAT64), labels, triplets).loss()
                    .getDouble()).isCloseTo(marginAndLoss[1], within(1e-12));
        }
        // margin 2: dL/dx0 = ((u - v) / 2 - 1 / 2) du/dx0 + d mean(d+)/dx0, du/dx0 = -(x2 - x0) / 2 = -2,
        // d mean(d+)/dx0 = -(x1 - x0) / 2 = -1: (1.5 - 0.5)(-2) - 1 = -3
        GlobalLoss paper = new GlobalLoss(1.0, 2, Distance.SQUARED_EUCLIDEAN, false, 0.25);
        double[] gradient = Gradients.autograd(manager, x, e -> paper.compute(e, labels, triplets).loss());
        assertThat(gradient[0]).isCloseTo(-3, within(1e-9));
    }

    @Test
    void paperScaleGradientsMatchFiniteDifferences() {
        double[][] x = Reference.randomPoints(7, 3, 17);
        NDArray labels = manager.create(new long[] {0, 0, 1, 1, 2, 2, 0});
        Tuples.Triplets triplets = new Tuples.Triplets(manager.create(new long[] {0, 2, 6, 4}),
                manager.create(new long[] {1, 3, 0, 5}), manager.create(new long[] {2, 6, 4, 1}));
        for (double margin : List.of(0.01, 1.0)) {
            GlobalLoss loss = new GlobalLoss(1.0, margin, Distance.SQUARED_EUCLIDEAN, true, 0.25);
            Gradients.check(manager, x, e -> loss.compute(e, labels, triplets).loss());
        }
    }

    @ParameterizedTest
    @EnumSource(Distance.class)
    void gradientsMatchFiniteDifferences(Distance distance) {
        double[][] x = Reference.randomPoints(7, 3, 17);
        NDArray labels = manager.create(new long[] {0, 0, 1, 1, 2, 2, 0});
        for (boolean normalize : List.of(true, false)) {
            // margins that keep the mean-gap hinge active
            GlobalLoss loss = new GlobalLoss(0.8, 5.0, distance, normalize);
            Gradients.check(manager, x, e -> loss.compute(e, labels, Tuples.all()).loss());
            Tuples.Pairs pairs = new Tuples.Pairs(manager.create(new long[] {0, 2, 6}),
                    manager.create(new long[] {1, 3, 0}), manager.create(new long[] {0, 5, 3}),
                    manager.create(new long[] {2, 1, 6}));
            Gradients.check(manager, x, e -> loss.compute(e, labels, pairs).loss());
        }
    }

    @Test
    void withoutPositiveOrNegativePairsTheLossIsZeroWithAGradient() {
        GlobalLoss loss = new GlobalLoss(1.0, 0.4, Distance.SQUARED_EUCLIDEAN, true);
        double[][] x = Reference.randomPoints(5, 3, 2);
        assertZeroWithGradient(loss, x, new long[] {1, 1, 1, 1, 1}, Tuples.all()); // no negative pair
        assertZeroWithGradient(loss, x, new long[] {0, 1, 2, 3, 4}, Tuples.all()); // no positive pair
        assertZeroWithGradient(loss, new double[0][3], new long[0], Tuples.all());
        NDArray none = manager.create(new long[0]);
        assertZeroWithGradient(loss, x, new long[] {0, 0, 1, 1, 2}, new Tuples.Triplets(none, none, none));
    }

    private void assertZeroWithGradient(GlobalLoss loss, double[][] x, long[] y, Tuples tuples) {
        NDArray e = x.length == 0 ? manager.zeros(new Shape(0, 3)) : Reference.array(manager, x, DataType.FLOAT32);
        e.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            LossOutput out = loss.compute(e, manager.create(y), tuples);
            assertThat(out.loss().getFloat()).isZero();
            collector.backward(out.loss());
        }
        NDArray gradient = e.getGradient();
        assertThat(gradient.getShape()).isEqualTo(e.getShape());
        assertThat(gradient.isNaN().logicalOr(gradient.isInfinite()).any().getBoolean()).isFalse();
    }
}
