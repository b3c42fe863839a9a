package org.jdml.loss.softtriple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.jdml.testkit.Batches.perturbed;
import static org.jdml.testkit.Batches.maxAbsDifference;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.List;
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

class SoftTripleLossTest {

    /** Four samples of two classes in 3-D, not normalised. */
    private static final double[][] X = {{1.0, 0.2, -0.3}, {0.1, 0.9, 0.4}, {-0.5, 0.3, 1.1}, {0.8, -0.6, 0.2}};
    private static final int[] Y = {0, 1, 1, 0};
    /** Three centres per class (rows 0-2 class 0, rows 3-5 class 1), not normalised. */
    private static final double[][] W = {
            {2.0, 0.5, 0.1}, {0.4, -1.0, 0.3}, {1.0, 1.0, -1.0}, {-0.3, 1.5, 0.2}, {0.2, -0.4, 0.7}, {0.1, 0.3, 0.9}};

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @ParameterizedTest(name = "lambda {0}, gamma {1}, margin {2}, tau {3}, {4}")
    @CsvSource({
            "20, 0.1, 0.01, 0.2, FLOAT32",
            "20, 0.1, 0.01, 0.2, FLOAT64",
            "5, 0.5, 0.3, 0, FLOAT64",
            "8, 0.05, 0, 1.5, FLOAT64"})
    void lossFollowsTheFormula(double lambda, double gamma, double margin, double tau, DataType type) {
        SoftTripleLoss loss = loss(Map.of("lambda", lambda, "gamma", gamma, "margin", margin, "tau", tau), 3, W, type);
        NDArray result = loss.compute(array(X, type), labels(Y), Tuples.all()).loss();
        assertThat(result.getDataType()).isEqualTo(type);
        double expected = expected(X, Y, W, 2, 3, lambda, gamma, margin, tau);
        assertThat(result.toType(DataType.FLOAT64, false).getDouble())
                .isCloseTo(expected, within(type == DataType.FLOAT32 ? 1e-4 : 1e-12));
    }

    @Test
    void oneCentrePerClassIsNormalisedSoftmaxWithoutRegulariser() {
        double[][] w = {W[0], W[3]};
        SoftTripleLoss loss = loss(Map.of("tau", 0.2), 1, w, DataType.FLOAT64);
        double value = loss.compute(array(X, DataType.FLOAT64), labels(Y), Tuples.all()).loss().getDouble();
        assertThat(value).isCloseTo(expected(X, Y, w, 2, 1, 20, 0.1, 0.01, 0), within(1e-12));
    }

    @Test
    void theRegulariserIsTheMeanDistanceBetweenACentresClassmates() {
        double withTau = loss(Map.of("tau", 1.0), 3, W, DataType.FLOAT64)
                .compute(array(X, DataType.FLOAT64), labels(Y), Tuples.all()).loss().getDouble();
        double withoutTau = loss(Map.of("tau", 0), 3, W, DataType.FLOAT64)
                .compute(array(X, DataType.FLOAT64), labels(Y), Tuples.all()).loss().getDouble();
        double pairs = 0;
        for (int c = 0; c < 2; c++) {
            for (int t = 0; t < 3; t++) {
                for (int s = t + 1; s < 3; s++) {
                    double[] a = unit(W[c * 3 + t]);
                    double[] b = unit(W[c * 3 + s]);
                    double d2 = 0;
                    for (int k = 0; k < 3; k++) {
                        d2 += (a[k] - b[k]) * (a[k] - b[k]);
                    }
                    pairs += Math.sqrt(d2 + 1e-5);
                }
            }
        }
        assertThat(withTau - withoutTau).isCloseTo(pairs / (2 * 3 * 2), within(1e-12));
    }

    @ParameterizedTest(name = "tau {0}")
    @CsvSource({"0.2", "0"})
    void gradientsMatchCentralDifferences(double tau) {
        SoftTripleLoss loss = loss(Map.of("tau", tau, "lambda", 10.0, "gamma", 0.2, "margin", 0.1), 3, null,
                DataType.FLOAT64);
        NDArray y = labels(Y);
        NDArray e = array(X, DataType.FLOAT64);
        NDArray w = array(W, DataType.FLOAT64);
        e.setRequiresGradient(true);
        w.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(loss.value(e, y, w));
        }
        double[] gradE = e.getGradient().toDoubleArray();
        double[] gradW = w.getGradient().toDoubleArray();
        double h = 1e-6;
        for (int k = 0; k < gradE.length; k++) {
            double numeric = (loss.value(array(perturbed(X, k, h), DataType.FLOAT64), y, array(W, DataType.FLOAT64))
                    .getDouble() - loss.value(array(perturbed(X, k, -h), DataType.FLOAT64), y,
                    array(W, DataType.FLOAT64)).getDouble()) / (2 * h);
            assertThat(gradE[k]).as("d loss / d embedding[%d]", k).isCloseTo(numeric, within(1e-6));
        }
        for (int k = 0; k < gradW.length; k++) {
            double numeric = (loss.value(array(X, DataType.FLOAT64), y, array(perturbed(W, k, h), DataType.FLOAT64))
                    .getDouble() - loss.value(array(X, DataType.FLOAT64), y,
                    array(perturbed(W, k, -h), DataType.FLOAT64)).getDouble()) / (2 * h);
            assertThat(gradW[k]).as("d loss / d centre[%d]", k).isCloseTo(numeric, within(1e-6));
        }
        assertThat(java.util.Arrays.stream(gradW).map(Math::abs).sum()).isPositive();
    }

    /**
     * Class A is two blobs far apart on a line with class B's blob between them, embedded by a linear map
     * (2-D to 4-D) and trained for 100 full-batch Adam steps. With one centre per class the loss's class
     * assignment (argmax S') is a half-plane in the input (the sign of xᵀ(w_A − w_B) does not change when
     * x is normalised), so it misplaces at least one of the three collinear blobs: at most about 2/3 right.
     * Two centres per class can give A one centre per blob. Asserted: K = 2 assigns >= 95 % of the points
     * to their class, K = 1 <= 70 %, and K = 2 ends with less than half K = 1's loss. (Over seven data and
     * engine seeds K = 1 reached 0.33 to 0.50 and K = 2 1.0.)
     */
    @Test
    void twoCentresCaptureAClassMadeOfTwoClusters() {
        Random random = new Random(1);
        int perBlob = 30;
        float[] points = new float[3 * perBlob * 2];
        long[] classes = new long[3 * perBlob];
        double[] blobX = {-2, 0, 2};
        for (int b = 0; b < 3; b++) {
            for (int i = 0; i < perBlob; i++) {
                int n = b * perBlob + i;
                points[2 * n] = (float) (blobX[b] + 0.3 * random.nextGaussian());
                points[2 * n + 1] = (float) (0.3 * random.nextGaussian());
                classes[n] = b == 1 ? 1 : 0;
            }
        }
        Fit one = fit(1, points, classes);
        Fit two = fit(2, points, classes);
        assertThat(one.accuracy).as("K = 1 assignment accuracy").isLessThanOrEqualTo(0.70);
        assertThat(two.accuracy).as("K = 2 assignment accuracy").isGreaterThanOrEqualTo(0.95);
        assertThat(two.loss).isLessThan(0.5f * one.loss);
    }

    private record Fit(double accuracy, float loss) {}

    private Fit fit(int perClass, float[] points, long[] classes) {
        int n = classes.length;
        Engine.getInstance().setRandomSeed(42);
        Linear net = Linear.builder().setUnits(4).build();
        net.initialize(manager, DataType.FLOAT32, new Shape(n, 2));
        SoftTripleLoss loss = (SoftTripleLoss) TestContext.build(new SoftTripleLossFactory(), ComponentKind.LOSS,
                config(Map.of("centers-per-class", perClass)),
                TestContext.builder(manager).trainingClasses(2).embeddingSize(4).build());
        loss.centers().initialize(manager, DataType.FLOAT32, new Shape(n, 4), new Shape(n));
        String centresId = loss.centers().centers().getId();
        Optimizer adam = Optimizer.adam().optLearningRateTracker((id, t) -> id.equals(centresId) ? 0.5f : 0.05f)
                .build();
        List<Parameter> parameters = new ArrayList<>(net.getParameters().values());
        parameters.add(loss.centers().centers());
        ParameterStore store = new ParameterStore(manager, false);
        float last = Float.NaN;
        double accuracy = 0;
        for (int step = 0; step <= 100; step++) {
            try (NDManager it = manager.newSubManager()) {
                NDArray x = it.create(points, new Shape(n, 2));
                NDArray y = it.create(classes);
                if (step == 100) {
                    NDArray e = net.forward(store, new NDList(x), false).singletonOrThrow();
                    long[] assigned = loss.relaxedSimilarity(e).argMax(1).toLongArray();
                    int right = 0;
                    for (int i = 0; i < n; i++) {
                        right += assigned[i] == classes[i] ? 1 : 0;
                    }
                    accuracy = right / (double) n;
                    last = loss.compute(e, y, Tuples.all()).loss().getFloat();
                    break;
                }
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray e = net.forward(store, new NDList(x), true).singletonOrThrow();
                    collector.backward(loss.compute(e, y, Tuples.all()).loss());
                }
                for (Parameter p : parameters) {
                    try (NDArray g = p.getArray().getGradient()) {
                        adam.update(p.getId(), p.getArray(), g);
                    }
                }
            }
        }
        return new Fit(accuracy, last);
    }

    @Test
    void centresMoveByTheirOwnLearningRate() {
        float base = 1e-4f;
        Engine.getInstance().setRandomSeed(5);
        int batch = 16;
        Linear net = Linear.builder().setUnits(6).build();
        net.initialize(manager, DataType.FLOAT32, new Shape(batch, 3));
        SoftTripleLoss loss = (SoftTripleLoss) TestContext.build(new SoftTripleLossFactory(), ComponentKind.LOSS,
                config(Map.of("centers-per-class", 2)),
                TestContext.builder(manager).trainingClasses(4).embeddingSize(6).build());
        loss.centers().initialize(manager, DataType.FLOAT32, new Shape(batch, 6), new Shape(batch));
        Parameter centres = loss.centers().centers();
        float rate = base * loss.learningRateMultiplier();
        Optimizer adam = Optimizer.adam()
                .optLearningRateTracker((id, t) -> id.equals(centres.getId()) ? rate : base).build();
        float[] centresBefore = centres.getArray().toFloatArray();
        Parameter weight = net.getParameters().get("weight");
        float[] weightBefore = weight.getArray().toFloatArray();

        try (NDManager it = manager.newSubManager()) {
            NDArray x = it.randomNormal(new Shape(batch, 3));
            NDArray y = it.create(new long[] {0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3});
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray e = net.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow();
                collector.backward(loss.compute(e, y, Tuples.all()).loss());
            }
            for (Parameter p : List.of(centres, weight, net.getParameters().get("bias"))) {
                try (NDArray g = p.getArray().getGradient()) {
                    adam.update(p.getId(), p.getArray(), g);
                }
            }
        }
        assertThat(rate).isEqualTo(1e-2f);
        assertThat(maxAbsDifference(centresBefore, centres.getArray().toFloatArray()))
                .isCloseTo(rate, within(rate * 0.01f));
        assertThat(maxAbsDifference(weightBefore, weight.getArray().toFloatArray())).isCloseTo(base, within(base * 0.01f));
    }

    @Test
    void nothingOutlivesTheIteration() {
        SoftTripleLoss loss = loss(Map.of(), 3, W, DataType.FLOAT32);
        Runnable iteration = () -> {
            try (NDManager it = manager.newSubManager()) {
                NDArray e = it.create(new float[] {1, 0.2f, -0.3f, 0.1f, 0.9f, 0.4f}, new Shape(2, 3));
                e.setRequiresGradient(true);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    collector.backward(loss.compute(e, it.create(new long[] {0, 1}), Tuples.all()).loss());
                }
                loss.centers().centers().getArray().getGradient().close(); // as an optimiser step would
            }
        };
        iteration.run();
        int before = manager.getManagedArrays().size();
        for (int i = 0; i < 3; i++) {
            iteration.run();
        }
        assertThat(manager.getManagedArrays()).hasSize(before);
    }

    @Test
    void labelsOutsideTheTrainingClassesAreRejected() {
        SoftTripleLoss loss = loss(Map.of(), 3, W, DataType.FLOAT32);
        assertThatThrownBy(() -> loss.compute(array(X, DataType.FLOAT32), labels(new int[] {0, 1, 2, 0}), Tuples.all()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labels must be training-class indices in [0, 2)")
                .hasMessageContaining("from 0 to 2");
        assertThatThrownBy(() -> loss.compute(manager.ones(new Shape(4, 2)), labels(Y), Tuples.all()))
                .hasMessageContaining("built for 3-dimensional embeddings");
    }

    // ---- the formula in plain Java ----

    static double expected(double[][] x, int[] y, double[][] w, int classes, int perClass, double lambda,
            double gamma, double margin, double tau) {
        double total = 0;
        for (int i = 0; i < x.length; i++) {
            double[] xi = unit(x[i]);
            double[] logits = new double[classes];
            for (int c = 0; c < classes; c++) {
                double[] s = new double[perClass];
                double norm = 0;
                for (int k = 0; k < perClass; k++) {
                    s[k] = dot(xi, unit(w[c * perClass + k]));
                    norm += Math.exp(s[k] / gamma);
                }
                double relaxed = 0;
                for (int k = 0; k < perClass; k++) {
                    relaxed += Math.exp(s[k] / gamma) / norm * s[k];
                }
                logits[c] = lambda * (relaxed - (c == y[i] ? margin : 0));
            }
            double sum = 0;
            for (double l : logits) {
                sum += Math.exp(l);
            }
            total += Math.log(sum) - logits[y[i]];
        }
        double loss = total / x.length;
        if (tau > 0 && perClass > 1) {
            double pairs = 0;
            for (int c = 0; c < classes; c++) {
                for (int t = 0; t < perClass; t++) {
                    for (int s = t + 1; s < perClass; s++) {
                        pairs += Math.sqrt(2 - 2 * dot(unit(w[c * perClass + s]), unit(w[c * perClass + t])) + 1e-5);
                    }
                }
            }
            loss += tau * pairs / (classes * perClass * (perClass - 1.0));
        }
        return loss;
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

    /** A loss over two classes of 3-D embeddings with the given centres, or with uninitialised ones. */
    private SoftTripleLoss loss(Map<String, Object> settings, int perClass, double[][] centres, DataType type) {
        Map<String, Object> all = new java.util.HashMap<>(settings);
        all.put("centers-per-class", perClass);
        SoftTripleLoss loss = (SoftTripleLoss) TestContext.build(new SoftTripleLossFactory(), ComponentKind.LOSS,
                config(all), TestContext.builder(manager).trainingClasses(2).embeddingSize(3).build());
        if (centres != null) {
            loss.centers().setInitializer((m, shape, t) -> array(centres, t), SoftTripleCenters.PARAMETER);
            loss.centers().initialize(manager, type, new Shape(4, 3), new Shape(4));
        }
        return loss;
    }

    private static Config config(Map<String, Object> settings) {
        Config root = ConfigFactory.empty();
        for (var entry : settings.entrySet()) {
            root = root.withValue("jdml.loss.softtriple." + entry.getKey(),
                    ConfigValueFactory.fromAnyRef(entry.getValue()));
        }
        return root;
    }

    private NDArray array(double[][] rows, DataType type) {
        return Batches.matrix(manager, rows, type);
    }

    private NDArray labels(int[] y) {
        return Batches.labels(manager, y);
    }
}
