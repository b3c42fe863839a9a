package org.jdml.loss.centroid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.jdml.testkit.Batches.perturbed;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.Map;
import java.util.Random;
import org.jdml.api.ComponentKind;
import org.jdml.api.mining.Tuples;
import org.jdml.testkit.Batches;
import org.jdml.testkit.TestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CentroidBoundLossTest {

    /** Four samples of three classes in 4-D, not normalised. */
    private static final double[][] X = {
            {1.0, 0.2, -0.3, 0.5}, {0.1, 0.9, 0.4, -0.2}, {-0.5, 0.3, 1.1, 0.3}, {0.8, -0.6, 0.2, 0.1}};
    private static final int[] Y = {0, 1, 2, 0};

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @ParameterizedTest(name = "{0}, normalize {1}, scale-by-g {2}, {3}")
    @CsvSource({
            "one-hot, true, false, FLOAT32",
            "one-hot, true, false, FLOAT64",
            "one-hot, false, false, FLOAT64",
            "simplex, true, false, FLOAT64",
            "simplex, false, true, FLOAT64",
            "simplex, true, true, FLOAT32"})
    void lossFollowsTheFormula(String centroids, boolean normalize, boolean scaleByG, DataType type) {
        CentroidBoundLoss loss = loss(3, 4, Map.of("centroids", centroids, "normalize", normalize,
                "scale-by-g", scaleByG));
        NDArray result = loss.compute(array(X, type), labels(Y), Tuples.all()).loss();
        assertThat(result.getDataType()).isEqualTo(type);
        double[][] c = Centroids.valueOf(centroids.toUpperCase().replace('-', '_')).build(3, 4);
        double expected = 0;
        for (int i = 0; i < X.length; i++) {
            expected += bound(normalize ? unit(X[i]) : X[i], Y[i], c) / X.length;
        }
        if (scaleByG) {
            double n = X.length / 3.0;
            expected *= 3 * 2 * (n - 1) * n;
        }
        assertThat(result.toType(DataType.FLOAT64, false).getDouble())
                .isCloseTo(expected, within(type == DataType.FLOAT32 ? 1e-5 : 1e-12));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"FLOAT32", "FLOAT64"})
    void theMinimumIsMinusRootTwoThirdsAtTheOwnOneHotCentroid(DataType type) {
        CentroidBoundLoss loss = loss(3, 5, Map.of());
        double[][] x = {{1, 0, 0, 0, 0}, {0, 1, 0, 0, 0}, {0, 0, 1, 0, 0}};
        double value = loss.compute(array(x, type), labels(new int[] {0, 1, 2}), Tuples.all()).loss()
                .toType(DataType.FLOAT64, false).getDouble();
        assertThat(value).isCloseTo(-Math.sqrt(2) / 3, within(1e-5));

        Random random = new Random(3);
        for (int trial = 0; trial < 20; trial++) {
            double[][] moved = new double[1][5];
            for (int d = 0; d < 5; d++) {
                moved[0][d] = (d == 1 ? 1 : 0) + 0.3 * random.nextGaussian();
            }
            double there = loss.compute(array(moved, DataType.FLOAT64), labels(new int[] {1}), Tuples.all()).loss()
                    .getDouble();
            assertThat(there).isGreaterThan(-Math.sqrt(2) / 3);
        }
    }

    @Test
    void theSimplexMinimumIsAThirdOfTheSimplexEdgeBelowZero() {
        CentroidBoundLoss loss = loss(4, 3, Map.of("centroids", "simplex"));
        double[][] c = loss.centroids();
        double value = loss.compute(array(c, DataType.FLOAT64), labels(new int[] {0, 1, 2, 3}), Tuples.all())
                .loss().getDouble();
        assertThat(value).isCloseTo(-Math.sqrt(2.0 * 4 / 3) / 3, within(1e-5));
    }

    @ParameterizedTest(name = "{0}, normalize {1}")
    @CsvSource({"one-hot, true", "one-hot, false", "simplex, true", "simplex, false"})
    void gradientsMatchCentralDifferences(String centroids, boolean normalize) {
        CentroidBoundLoss loss = loss(3, 4, Map.of("centroids", centroids, "normalize", normalize));
        NDArray y = labels(Y);
        NDArray e = array(X, DataType.FLOAT64);
        e.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(loss.compute(e, y, Tuples.all()).loss());
        }
        double[] gradient = e.getGradient().toDoubleArray();
        double h = 1e-6;
        for (int k = 0; k < gradient.length; k++) {
            double numeric = (value(loss, perturbed(X, k, h), y) - value(loss, perturbed(X, k, -h), y)) / (2 * h);
            assertThat(gradient[k]).as("d loss / d embedding[%d]", k).isCloseTo(numeric, within(1e-7));
        }
    }

    @Test
    void aSampleOnItsCentroidHasAFiniteGradient() {
        CentroidBoundLoss loss = loss(3, 5, Map.of("normalize", false));
        NDArray e = array(new double[][] {{0, 0, 1, 0, 0}}, DataType.FLOAT32);
        e.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(loss.compute(e, labels(new int[] {2}), Tuples.all()).loss());
        }
        NDArray gradient = e.getGradient();
        assertThat(gradient.isNaN().any().getBoolean() || gradient.isInfinite().any().getBoolean()).isFalse();
    }

    /**
     * For a balanced batch, N x loss with G is L_d = G Σ g(x_i), which must bound the hinge-free triplet
     * sum L_t over all (anchor, positive, negative) of the batch, computed here by brute force.
     */
    @ParameterizedTest(name = "{0}, normalize {1}, {2} classes x {3}")
    @CsvSource({
            "one-hot, true, 3, 4", "one-hot, false, 3, 4", "simplex, true, 4, 3", "simplex, false, 5, 2",
            "one-hot, true, 2, 6"})
    void theBoundIsAtLeastTheTripletSumOfRandomBalancedBatches(String centroids, boolean normalize, int classes,
            int perClass) {
        int dim = 6;
        CentroidBoundLoss loss = loss(classes, dim, Map.of("centroids", centroids, "normalize", normalize,
                "scale-by-g", true));
        double[][] c = loss.centroids();
        int batch = classes * perClass;
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = i % classes;
        }
        Random random = new Random(classes * 31L + perClass);
        for (int trial = 0; trial < 10; trial++) {
            double[][] x = new double[batch][dim];
            for (double[] row : x) {
                for (int d = 0; d < dim; d++) {
                    row[d] = 0.6 * random.nextGaussian();
                }
            }
            double[][] seen = new double[batch][];
            for (int i = 0; i < batch; i++) {
                seen[i] = normalize ? unit(x[i]) : x[i];
            }
            double lt = tripletSum(seen, y);
            double ld = batch * value(loss, x, labels(y));
            double g = 3.0 * (classes - 1) * (perClass - 1) * perClass;
            double byHand = 0;
            for (int i = 0; i < batch; i++) {
                byHand += g * bound(seen[i], y[i], c);
            }
            assertThat(ld).as("L_d from the loss").isCloseTo(byHand, within(1e-9 * Math.abs(byHand) + 1e-9));
            assertThat(ld).as("L_d >= L_t, trial %d", trial).isGreaterThanOrEqualTo(lt);
        }
    }

    /** With every sample within ε/2 of its centroid each triplet's gap is below 2ε: L_d − L_t < 2εH. */
    @Test
    void theBoundIsTightForCompactClasses() {
        int classes = 3;
        int perClass = 4;
        int batch = classes * perClass;
        double epsilon = 0.1;
        CentroidBoundLoss loss = loss(classes, 5, Map.of("normalize", false, "scale-by-g", true));
        double[][] c = loss.centroids();
        Random random = new Random(9);
        double[][] x = new double[batch][5];
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = i % classes;
            double[] noise = new double[5];
            for (int d = 0; d < 5; d++) {
                noise[d] = random.nextGaussian();
            }
            double scale = epsilon / 2 * random.nextDouble() / Math.sqrt(dot(noise, noise));
            for (int d = 0; d < 5; d++) {
                x[i][d] = c[y[i]][d] + scale * noise[d];
            }
        }
        double triplets = batch * (perClass - 1.0) * (batch - perClass);
        double gap = batch * value(loss, x, labels(y)) - tripletSum(x, y);
        assertThat(gap).isGreaterThanOrEqualTo(0).isLessThan(2 * epsilon * triplets);
    }

    @Test
    void gComesFromTheBatchSize() {
        CentroidBoundLoss plain = loss(3, 4, Map.of());
        CentroidBoundLoss scaled = loss(3, 4, Map.of("scale-by-g", true));
        double[][] x = {X[0], X[1], X[2], X[3], X[1], X[2]};
        NDArray y = labels(new int[] {0, 1, 2, 0, 1, 2});
        // N = 6, C = 3: G = 3 * 2 * (2 - 1) * 2 = 12
        assertThat(value(scaled, x, y)).isCloseTo(12 * value(plain, x, y), within(1e-12));
        assertThatThrownBy(() -> scaled.compute(array(new double[][] {X[0], X[1], X[2]}, DataType.FLOAT64),
                        labels(new int[] {0, 1, 2}), Tuples.all()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than C = 3 samples").hasMessageContaining("got 3");
    }

    @Test
    void labelsOutsideTheTrainingClassesAreRejected() {
        CentroidBoundLoss loss = loss(3, 4, Map.of());
        assertThatThrownBy(() -> loss.compute(array(X, DataType.FLOAT32), labels(new int[] {0, 1, 5, 0}), Tuples.all()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labels must be training-class indices in [0, 3)")
                .hasMessageContaining("from 0 to 5");
        assertThatThrownBy(() -> loss.compute(manager.ones(new Shape(4, 3)), labels(Y), Tuples.all()))
                .hasMessageContaining("built for 4-dimensional embeddings");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"FLOAT32", "FLOAT64", "FLOAT16"})
    void nothingOutlivesTheIteration(DataType type) {
        CentroidBoundLoss loss = loss(3, 4, Map.of("scale-by-g", true));
        Runnable iteration = () -> {
            try (NDManager it = manager.newSubManager()) {
                NDArray e = it.create(new double[] {1, 0.2, -0.3, 0.5, 0.1, 0.9, 0.4, -0.2, 0, 1, 1, 0, 1, 0, 0, 1},
                        new Shape(4, 4)).toType(type, false);
                e.setRequiresGradient(true);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    collector.backward(loss.compute(e, it.create(new long[] {0, 1, 2, 0}), Tuples.all()).loss());
                }
            }
        };
        iteration.run();
        int before = manager.getManagedArrays().size();
        for (int i = 0; i < 3; i++) {
            iteration.run();
        }
        assertThat(manager.getManagedArrays()).hasSize(before);
    }

    // ---- the formulas in plain Java ----

    /** g(x; y) = ‖x − c_y‖ − Σ_{m≠y} ‖x − c_m‖ / (3(C−1)). */
    private static double bound(double[] x, int y, double[][] c) {
        double own = 0;
        double others = 0;
        for (int m = 0; m < c.length; m++) {
            double d2 = 0;
            for (int k = 0; k < x.length; k++) {
                d2 += (x[k] - c[m][k]) * (x[k] - c[m][k]);
            }
            if (m == y) {
                own = Math.sqrt(d2);
            } else {
                others += Math.sqrt(d2);
            }
        }
        return own - others / (3.0 * (c.length - 1));
    }

    /** Σ over every (i, j, k) with y_i = y_j, i ≠ j, y_k ≠ y_i of ‖x_i − x_j‖ − ‖x_i − x_k‖. */
    private static double tripletSum(double[][] x, int[] y) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
                if (j == i || y[j] != y[i]) {
                    continue;
                }
                for (int k = 0; k < x.length; k++) {
                    if (y[k] != y[i]) {
                        sum += distance(x[i], x[j]) - distance(x[i], x[k]);
                    }
                }
            }
        }
        return sum;
    }

    private static double distance(double[] a, double[] b) {
        double d2 = 0;
        for (int k = 0; k < a.length; k++) {
            d2 += (a[k] - b[k]) * (a[k] - b[k]);
        }
        return Math.sqrt(d2);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    private static double[] unit(double[] v) {
        double norm = Math.sqrt(dot(v, v));
        double[] u = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            u[k] = v[k] / norm;
        }
        return u;
    }

    // ---- helpers ----

    private CentroidBoundLoss loss(int classes, int dim, Map<String, Object> settings) {
        Config root = ConfigFactory.empty();
        for (var entry : settings.entrySet()) {
            root = root.withValue("jdml.loss.centroid-bound." + entry.getKey(),
                    ConfigValueFactory.fromAnyRef(entry.getValue()));
        }
        return (CentroidBoundLoss) TestContext.build(new CentroidBoundLossFactory(), ComponentKind.LOSS, root,
                TestContext.builder(manager).trainingClasses(classes).embeddingSize(dim).batchSize(classes + 1).build());
    }

    private double value(CentroidBoundLoss loss, double[][] x, NDArray y) {
        return loss.compute(array(x, DataType.FLOAT64), y, Tuples.all()).loss().getDouble();
    }

    private NDArray array(double[][] rows, DataType type) {
        return Batches.matrix(manager, rows, type);
    }

    private NDArray labels(int[] y) {
        return Batches.labels(manager, y);
    }
}
