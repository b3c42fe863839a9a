package org.jdml.loss.triplet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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

class TripletMarginLossTest {

    /** Six points in 3-D, two per class. */
    static final double[][] SIX = {
        {0.9, 0.1, 0.2}, {0.7, -0.3, 0.4},
        {0.2, 0.8, -0.1}, {-0.1, 0.9, 0.3},
        {0.5, 0.4, 0.6}, {-0.6, 0.2, 0.7},
    };
    static final long[] SIX_LABELS = {0, 0, 1, 1, 2, 2};

    /** Five points in 2-D, classes of three and two. */
    static final double[][] FIVE = {{1.0, 0.2}, {0.6, 0.9}, {-0.3, 1.1}, {0.8, -0.5}, {-1.0, -0.4}};
    static final long[] FIVE_LABELS = {0, 0, 0, 1, 1};

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private LossOutput compute(TripletMarginLoss loss, double[][] x, long[] y, DataType type, Tuples tuples) {
        return loss.compute(Reference.array(manager, x, type), manager.create(y), tuples);
    }

    @Test
    void handWorkedExampleOnALine() {
        // x0 = 0 and x1 = 1 share class 0, x2 = 1.5 is class 1. Triplets (0,1,2) and (1,0,2):
        // euclidean: 1 − 1.5 + 0.2 = −0.3 → 0 and 1 − 0.5 + 0.2 = 0.7 → 0.7
        // squared:   1 − 2.25 + 0.2 = −1.05 → 0 and 1 − 0.25 + 0.2 = 0.95 → 0.95
        double[][] x = {{0}, {1}, {1.5}};
        long[] y = {0, 0, 1};
        for (DataType type : List.of(DataType.FLOAT32, DataType.FLOAT64)) {
            assertLoss(x, y, type, Distance.EUCLIDEAN, Reducer.SUM, 0.7, 0.5);
            assertLoss(x, y, type, Distance.EUCLIDEAN, Reducer.MEAN, 0.35, 0.5);
            assertLoss(x, y, type, Distance.EUCLIDEAN, Reducer.MEAN_OVER_POSITIVE, 0.7, 0.5);
            assertLoss(x, y, type, Distance.SQUARED_EUCLIDEAN, Reducer.SUM, 0.95, 0.5);
            assertLoss(x, y, type, Distance.SQUARED_EUCLIDEAN, Reducer.MEAN, 0.475, 0.5);
        }
        // the reference agrees with the hand computation
        assertThat(Reference.triplet(x, y, 0.2, Distance.EUCLIDEAN, false, Reducer.SUM, false).loss())
                .isCloseTo(0.7, within(1e-12));
        // smooth: softplus(−0.3) + softplus(0.7) = log(1 + e^−0.3) + log(1 + e^0.7)
        double smooth = Math.log(1 + Math.exp(-0.3)) + Math.log(1 + Math.exp(0.7));
        TripletMarginLoss loss = new TripletMarginLoss(0.2, Distance.EUCLIDEAN, false, Reducer.SUM, true);
        assertThat(compute(loss, x, y, DataType.FLOAT64, Tuples.all()).loss().getDouble())
                .isCloseTo(smooth, within(1e-9));
    }

    private void assertLoss(double[][] x, long[] y, DataType type, Distance distance, Reducer reducer,
            double expected, double active) {
        TripletMarginLoss loss = new TripletMarginLoss(0.2, distance, false, reducer, false);
        LossOutput out = compute(loss, x, y, type, Tuples.all());
        assertThat(out.loss().getDataType()).isEqualTo(type);
        assertThat(out.loss().toType(DataType.FLOAT64, false).getDouble()).as("%s %s %s", type, distance, reducer)
                .isCloseTo(expected, within(type == DataType.FLOAT32 ? 1e-6 : 1e-12));
        assertThat(out.activeFraction().toType(DataType.FLOAT64, false).getDouble()).isCloseTo(active, within(1e-7));
    }

    static Stream<Arguments> everyVariant() {
        List<Arguments> all = new ArrayList<>();
        for (DataType type : List.of(DataType.FLOAT32, DataType.FLOAT64)) {
            for (Distance distance : Distance.values()) {
                for (Reducer reducer : Reducer.values()) {
                    for (boolean smooth : List.of(false, true)) {
                        for (boolean normalize : List.of(true, false)) {
                            all.add(Arguments.of(type, distance, reducer, smooth, normalize));
                        }
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} smooth={3} normalize={4}")
    @MethodSource("everyVariant")
    void allTripletsMatchTheBruteForceEnumeration(DataType type, Distance distance, Reducer reducer, boolean smooth,
            boolean normalize) {
        double tolerance = type == DataType.FLOAT32 ? 2e-5 : 1e-10;
        for (var batch : List.of(new Object[] {SIX, SIX_LABELS}, new Object[] {FIVE, FIVE_LABELS})) {
            double[][] x = (double[][]) batch[0];
            long[] y = (long[]) batch[1];
            double margin = 0.3;
            TripletMarginLoss loss = new TripletMarginLoss(margin, distance, normalize, reducer, smooth);
            LossOutput out = compute(loss, x, y, type, Tuples.all());
            Reference.Result expected = Reference.triplet(Reference.rounded(x, type), y, margin, distance, normalize,
                    reducer, smooth);
            assertThat(out.loss().getDataType()).isEqualTo(type);
            assertThat(out.loss().toType(DataType.FLOAT64, false).getDouble())
                    .isCloseTo(expected.loss(), within(tolerance * Math.max(1, Math.abs(expected.loss()))));
            assertThat(out.activeFraction().getShape()).isEqualTo(new Shape());
            assertThat(out.activeFraction().toType(DataType.FLOAT64, false).getDouble())
                    .isCloseTo(expected.activeFraction(), within(type == DataType.FLOAT32 ? 1e-7 : 1e-12));
        }
    }

    @ParameterizedTest(name = "{0} {1} {2} smooth={3} normalize={4}")
    @MethodSource("everyVariant")
    void minedTripletsMatchTheBruteForceSum(DataType type, Distance distance, Reducer reducer, boolean smooth,
            boolean normalize) {
        // a hand-picked list with a repeated triplet, which counts twice
        List<Reference.Triplet> chosen = List.of(new Reference.Triplet(0, 1, 2), new Reference.Triplet(1, 0, 4),
                new Reference.Triplet(2, 3, 5), new Reference.Triplet(2, 3, 5), new Reference.Triplet(5, 4, 0),
                new Reference.Triplet(3, 2, 1));
        double margin = 0.3;
        TripletMarginLoss loss = new TripletMarginLoss(margin, distance, normalize, reducer, smooth);
        LossOutput out = compute(loss, SIX, SIX_LABELS, type, triplets(chosen));
        Reference.Result expected = Reference.triplet(Reference.rounded(SIX, type), chosen, margin, distance,
                normalize, reducer, smooth);
        double tolerance = type == DataType.FLOAT32 ? 2e-5 : 1e-10;
        assertThat(out.loss().getDataType()).isEqualTo(type);
        assertThat(out.loss().toType(DataType.FLOAT64, false).getDouble())
                .isCloseTo(expected.loss(), within(tolerance * Math.max(1, Math.abs(expected.loss()))));
        assertThat(out.activeFraction().toType(DataType.FLOAT64, false).getDouble())
                .isCloseTo(expected.activeFraction(), within(type == DataType.FLOAT32 ? 1e-7 : 1e-12));
    }

    private Tuples.Triplets triplets(List<Reference.Triplet> list) {
        return new Tuples.Triplets(manager.create(list.stream().mapToLong(Reference.Triplet::a).toArray()),
                manager.create(list.stream().mapToLong(Reference.Triplet::p).toArray()),
                manager.create(list.stream().mapToLong(Reference.Triplet::n).toArray()));
    }

    @Test
    void ratioFormByHandWithItsGradient() {
        // x0 = 0, x1 = 1 (class 0), x2 = 1.5 (class 1), margin 0.2, euclidean:
        // (0,1,2): 1 - 1.5 / 1.2 = -0.25 -> 0; (1,0,2): 1 - 0.5 / 1.2 = 0.583333
        double[][] x = {{0}, {1}, {1.5}};
        NDArray labels = manager.create(new long[] {0, 0, 1});
        TripletMarginLoss loss = new TripletMarginLoss(0.2, Distance.EUCLIDEAN, false, Reducer.SUM, false,
                TripletForm.RATIO);
        Tuples.Triplets both = triplets(List.of(new Reference.Triplet(0, 1, 2), new Reference.Triplet(1, 0, 2)));
        LossOutput out = loss.compute(Reference.array(manager, x, DataType.FLOAT64), labels, both);
        assertThat(out.loss().getDouble()).isCloseTo(1 - 0.5 / 1.2, within(1e-12));
        assertThat(out.activeFraction().getDouble()).isCloseTo(0.5, within(1e-12));
        // L = 1 - d_an / (d_ap + m), d_an = x2 - x1, d_ap = x1 - x0:
        // dL/dx0 = -d_an / (d_ap + m)^2 = -0.5 / 1.44; dL/dx2 = -1 / 1.2; dL/dx1 = -(dL/dx0 + dL/dx2)
        double[] gradient = Gradients.autograd(manager, x, e -> loss.compute(e, labels, both).loss());
        assertThat(gradient[0]).isCloseTo(-0.5 / 1.44, within(1e-9));
        assertThat(gradient[1]).isCloseTo(0.5 / 1.44 + 1 / 1.2, within(1e-9));
        assertThat(gradient[2]).isCloseTo(-1 / 1.2, within(1e-9));
    }

    @Test
    void ratioFormGradientsMatchFiniteDifferences() {
        double[][] x = Reference.randomPoints(7, 3, 11);
        NDArray labels = manager.create(new long[] {0, 0, 1, 1, 2, 2, 0});
        for (boolean normalize : List.of(false, true)) {
            TripletMarginLoss loss = new TripletMarginLoss(0.2, Distance.EUCLIDEAN, normalize,
                    Reducer.MEAN_OVER_POSITIVE, false, TripletForm.RATIO);
            Tuples.Triplets some = triplets(List.of(new Reference.Triplet(0, 1, 2), new Reference.Triplet(3, 2, 6),
                    new Reference.Triplet(6, 0, 4), new Reference.Triplet(4, 5, 1)));
            Gradients.check(manager, x, e -> loss.compute(e, labels, some).loss());
            Gradients.check(manager, x, e -> loss.compute(e, labels, Tuples.all()).loss());
        }
    }

    @Test
    void ratioFormRefusesTheSmoothVariant() {
        assertThatThrownBy(() -> new TripletMarginLoss(0.2, Distance.EUCLIDEAN, true, Reducer.SUM, true,
                TripletForm.RATIO)).hasMessageContaining("smooth = false");
    }

    @Test
    void pairsBecomeTheTripletsThatShareAnAnchor() {
        // positive pairs (0,1), (2,3); negative pairs (0,4), (0,5), (3,0): triplets (0,1,4), (0,1,5), (2,3,?) none
        Tuples.Pairs pairs = new Tuples.Pairs(manager.create(new long[] {0, 2}), manager.create(new long[] {1, 3}),
                manager.create(new long[] {0, 0, 3}), manager.create(new long[] {4, 5, 0}));
        TripletMarginLoss loss = new TripletMarginLoss(0.3, Distance.EUCLIDEAN, true, Reducer.SUM, false);
        double actual = compute(loss, SIX, SIX_LABELS, DataType.FLOAT64, pairs).loss().getDouble();
        double expected = Reference.triplet(SIX, List.of(new Reference.Triplet(0, 1, 4),
                new Reference.Triplet(0, 1, 5)), 0.3, Distance.EUCLIDEAN, true, Reducer.SUM, false).loss();
        assertThat(actual).isCloseTo(expected, within(1e-12));
    }

    @ParameterizedTest
    @EnumSource(Distance.class)
    void allTuplesEqualTheirExplicitList(Distance distance) {
        double[][] x = Reference.randomPoints(14, 4, 3);
        long[] y = Reference.randomLabels(14, 3, 3);
        for (boolean smooth : List.of(false, true)) {
            TripletMarginLoss loss = new TripletMarginLoss(0.2, distance, true, Reducer.MEAN_OVER_POSITIVE, smooth);
            NDArray labels = manager.create(y);
            double[] implicit = valueAndGradient(loss, x, labels, Tuples.all());
            double[] explicit = valueAndGradient(loss, x, labels, Tuples.allTriplets(labels));
            assertThat(implicit).containsExactly(explicit, within(1e-12));
        }
    }

    /** The loss value followed by its gradient, in float64. */
    private double[] valueAndGradient(TripletMarginLoss loss, double[][] x, NDArray labels, Tuples tuples) {
        NDArray e = Reference.array(manager, x, DataType.FLOAT64);
        e.setRequiresGradient(true);
        double value;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray out = loss.compute(e, labels, tuples).loss();
            value = out.getDouble();
            collector.backward(out);
        }
        double[] gradient = e.getGradient().toDoubleArray();
        double[] result = new double[gradient.length + 1];
        result[0] = value;
        System.arraycopy(gradient, 0, result, 1, gradient.length);
        return result;
    }

    static Stream<Arguments> gradientVariants() {
        List<Arguments> all = new ArrayList<>();
        for (Distance distance : Distance.values()) {
            for (boolean smooth : List.of(false, true)) {
                for (boolean normalize : List.of(true, false)) {
                    all.add(Arguments.of(distance, smooth, normalize));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} smooth={1} normalize={2}")
    @MethodSource("gradientVariants")
    void gradientsMatchFiniteDifferences(Distance distance, boolean smooth, boolean normalize) {
        double[][] x = Reference.randomPoints(7, 3, 11);
        NDArray labels = manager.create(new long[] {0, 0, 1, 1, 2, 2, 0});
        double margin = distance == Distance.SQUARED_EUCLIDEAN && !normalize ? 2.0 : 0.3;
        for (Reducer reducer : List.of(Reducer.MEAN_OVER_POSITIVE, Reducer.SUM)) {
            TripletMarginLoss loss = new TripletMarginLoss(margin, distance, normalize, reducer, smooth);
            Gradients.check(manager, x, e -> loss.compute(e, labels, Tuples.all()).loss());
            Tuples.Triplets some = triplets(List.of(new Reference.Triplet(0, 1, 2), new Reference.Triplet(3, 2, 6),
                    new Reference.Triplet(6, 0, 4), new Reference.Triplet(4, 5, 1)));
            Gradients.check(manager, x, e -> loss.compute(e, labels, some).loss());
        }
    }

    @Test
    void tinyChunksGiveTheSameLossAndGradient() {
        double[][] x = Reference.randomPoints(20, 5, 5);
        NDArray labels = manager.create(Reference.randomLabels(20, 4, 5));
        for (boolean smooth : List.of(false, true)) {
            double[] whole = valueAndGradient(
                    new TripletMarginLoss(0.2, Distance.EUCLIDEAN, true, Reducer.MEAN, smooth), x, labels, Tuples.all());
            for (long elements : new long[] {1, 3 * 20 * 20, 7 * 20 * 20}) {
                TripletMarginLoss chunked =
                        new TripletMarginLoss(0.2, Distance.EUCLIDEAN, true, Reducer.MEAN, smooth, elements);
                assertThat(valueAndGradient(chunked, x, labels, Tuples.all()))
                        .as("%d elements per chunk", elements)
                        .containsExactly(whole, within(1e-12));
            }
        }
    }

    @Test
    void aBatchOf1024RunsForwardAndBackwardAndMatchesTheBruteForceValue() {
        int b = 1024;
        int dim = 16;
        double[][] x = Reference.randomPoints(b, dim, 1);
        long[] y = new long[b];
        for (int i = 0; i < b; i++) {
            y[i] = i % 16;
        }
        TripletMarginLoss loss = new TripletMarginLoss(0.2, Distance.EUCLIDEAN, true, Reducer.MEAN_OVER_POSITIVE,
                false);
        try (NDManager scope = manager.newSubManager()) {
            NDArray e = Reference.array(scope, x, DataType.FLOAT32);
            e.setRequiresGradient(true);
            double value;
            double active;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                LossOutput out = loss.compute(e, scope.create(y), Tuples.all());
                value = out.loss().getFloat();
                active = out.activeFraction().getFloat();
                collector.backward(out.loss());
            }
            NDArray gradient = e.getGradient();
            assertThat(gradient.isNaN().any().getBoolean()).isFalse();
            assertThat(gradient.abs().sum().getFloat()).isPositive();
            double[] expected = bruteForceOverClasses(Reference.rounded(x, DataType.FLOAT32), y, 0.2);
            assertThat(value).isCloseTo(expected[0], within(1e-4 * expected[0]));
            assertThat(active).isCloseTo(expected[1], within(1e-5));
        }
    }

    /** Mean over positive hinge losses and active share, looping over valid triplets only. */
    private static double[] bruteForceOverClasses(double[][] x, long[] y, double margin) {
        double[][] e = Reference.normalized(x);
        int b = e.length;
        double[][] d = new double[b][b];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) {
                d[i][j] = Reference.distance(Distance.EUCLIDEAN, e[i], e[j]);
            }
        }
        double sum = 0;
        long positive = 0;
        long count = 0;
        for (int a = 0; a < b; a++) {
            for (int p = 0; p < b; p++) {
                if (p == a || y[p] != y[a]) {
                    continue;
                }
                for (int n = 0; n < b; n++) {
                    if (y[n] != y[a]) {
                        double l = d[a][p] - d[a][n] + margin;
                        count++;
                        if (l > 0) {
                            sum += l;
                            positive++;
                        }
                    }
                }
            }
        }
        return new double[] {sum / positive, (double) positive / count};
    }

    static Stream<Arguments> zeroCases() {
        List<Arguments> all = new ArrayList<>();
        for (Reducer reducer : Reducer.values()) {
            for (boolean smooth : List.of(false, true)) {
                all.add(Arguments.of(reducer, smooth));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} smooth={1}")
    @MethodSource("zeroCases")
    void nothingToLearnGivesAnExactZeroWithAFiniteGradient(Reducer reducer, boolean smooth) {
        TripletMarginLoss loss = new TripletMarginLoss(0.2, Distance.EUCLIDEAN, true, reducer, smooth);
        double[][] x = Reference.randomPoints(5, 3, 2);
        assertZeroWithGradient(loss, x, new long[] {4, 4, 4, 4, 4}, Tuples.all());
        assertZeroWithGradient(loss, x, new long[] {0, 1, 2, 3, 4}, Tuples.all());
        assertZeroWithGradient(loss, new double[0][3], new long[0], Tuples.all());
        NDArray none = manager.create(new long[0]);
        assertZeroWithGradient(loss, x, new long[] {0, 0, 1, 1, 2}, new Tuples.Triplets(none, none, none));
    }

    private void assertZeroWithGradient(TripletMarginLoss loss, double[][] x, long[] y, Tuples tuples) {
        NDArray e = x.length == 0 ? manager.zeros(new Shape(0, 3)) : Reference.array(manager, x, DataType.FLOAT32);
        e.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            LossOutput out = loss.compute(e, manager.create(y), tuples);
            assertThat(out.loss().getFloat()).isZero();
            assertThat(out.activeFraction().getFloat()).isZero();
            collector.backward(out.loss());
        }
        NDArray gradient = e.getGradient();
        assertThat(gradient.getShape()).isEqualTo(e.getShape());
        assertThat(gradient.isNaN().logicalOr(gradient.isInfinite()).any().getBoolean()).isFalse();
        assertThat(gradient.abs().sum().getFloat()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Distance.class)
    void identicalEmbeddingsGiveNoNaNGradient(Distance distance) {
        // items 0 and 1 coincide: d(0,1) = 0 where sqrt has no derivative
        double[][] x = {{0.3, 0.4}, {0.3, 0.4}, {-0.5, 0.1}, {0.2, -0.9}};
        NDArray e = Reference.array(manager, x, DataType.FLOAT32);
        e.setRequiresGradient(true);
        TripletMarginLoss loss = new TripletMarginLoss(0.2, distance, true, Reducer.MEAN_OVER_POSITIVE, false);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(loss.compute(e, manager.create(new long[] {0, 0, 1, 1}), Tuples.all()).loss());
        }
        NDArray gradient = e.getGradient();
        assertThat(gradient.isNaN().logicalOr(gradient.isInfinite()).any().getBoolean()).isFalse();
    }
}
