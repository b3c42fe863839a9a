package org.jdml.loss.proxy;

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

class ProxyNcaLossTest {

    /** Four samples of three classes in 3-D, deliberately not normalised. */
    private static final double[][] X = {{1.0, 0.2, -0.3}, {0.1, 0.9, 0.4}, {-0.5, 0.3, 1.1}, {0.8, -0.6, 0.2}};
    private static final int[] Y = {0, 1, 2, 0};
    /** Three class proxies, also not normalised. */
    private static final double[][] P3 = {{2.0, 0.5, 0.1}, {-0.3, 1.5, 0.2}, {0.2, -0.4, 0.7}};
    /** Five proxies for dynamic assignment: classes 0, 1, 2, 0, 1. */
    private static final double[][] P5 = {
            {2.0, 0.5, 0.1}, {-0.3, 1.5, 0.2}, {0.2, -0.4, 0.7}, {0.6, -1.0, 0.4}, {0.1, 0.8, 0.9}};

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @ParameterizedTest(name = "exclude-positive {0}, scale {1}, {2}")
    @CsvSource({"false, 1, FLOAT32", "true, 1, FLOAT32", "false, 3, FLOAT64", "true, 3, FLOAT64"})
    void staticLossFollowsTheFormula(boolean excludePositive, double scale, DataType type) {
        ProxyNcaLoss loss = loss(3, Map.of("exclude-positive", excludePositive, "scale", scale), P3, type);
        NDArray result = loss.compute(array(X, type), labels(Y), Tuples.all()).loss();
        assertThat(result.getDataType()).isEqualTo(type);
        double value = result.toType(DataType.FLOAT64, false).getDouble();
        double expected = expected(X, Y, P3, 3, excludePositive, scale);
        assertThat(value).isCloseTo(expected, within(type == DataType.FLOAT32 ? 1e-5 : 1e-12));
    }

    @ParameterizedTest(name = "exclude-positive {0}")
    @CsvSource({"false", "true"})
    void dynamicLossFollowsTheFormula(boolean excludePositive) {
        ProxyNcaLoss loss = loss(3, Map.of("assignment", "nearest-in-class", "proxies", 5,
                "exclude-positive", excludePositive, "scale", 2.0), P5, DataType.FLOAT64);
        double value = loss.compute(array(X, DataType.FLOAT64), labels(Y), Tuples.all()).loss().getDouble();
        assertThat(value).isCloseTo(expected(X, Y, P5, 3, excludePositive, 2.0), within(1e-12));
    }

    @Test
    void thePaperFormIsTheSoftmaxFormWithoutThePositiveTerm() {
        // per sample: softmax form = paper form + log(1 + exp(-s d+) / Σ_neg exp(-s d)); so it is larger
        double paper = expected(X, Y, P3, 3, true, 1.0);
        double softmax = expected(X, Y, P3, 3, false, 1.0);
        assertThat(softmax).isGreaterThan(paper).isPositive();
        ProxyNcaLoss both = loss(3, Map.of("exclude-positive", true, "scale", 1.0), P3, DataType.FLOAT64);
        assertThat(both.compute(array(X, DataType.FLOAT64), labels(Y), Tuples.all()).loss().getDouble())
                .isCloseTo(paper, within(1e-12));
    }

    @ParameterizedTest(name = "{0}, exclude-positive {1}, label-smoothing {2}")
    @CsvSource({"static, false, 0", "static, true, 0", "nearest-in-class, false, 0", "nearest-in-class, true, 0",
            "nearest-overall, false, 0", "nearest-overall, true, 0", "static, false, 0.1",
            "nearest-in-class, true, 0.1", "nearest-overall, false, 0.1", "nearest-overall, true, 0.2"})
    void gradientsMatchCentralDifferences(String assignment, boolean excludePositive, double smoothing) {
        double[][] proxies = assignment.equals("static") ? P3 : P5;
        ProxyNcaLoss loss = loss(3, Map.of("assignment", assignment, "proxies", proxies.length,
                "exclude-positive", excludePositive, "label-smoothing", smoothing, "scale", 2.0), null,
                DataType.FLOAT64);
        NDArray y = labels(Y);

        NDArray e = array(X, DataType.FLOAT64);
        NDArray p = array(proxies, DataType.FLOAT64);
        e.setRequiresGradient(true);
        p.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(loss.value(e, y, p));
        }
        double[] gradE = e.getGradient().toDoubleArray();
        double[] gradP = p.getGradient().toDoubleArray();

        double h = 1e-6;
        for (int k = 0; k < gradE.length; k++) {
            double[][] plus = perturbed(X, k, h);
            double[][] minus = perturbed(X, k, -h);
            double numeric = (loss.value(array(plus, DataType.FLOAT64), y, array(proxies, DataType.FLOAT64)).getDouble()
                    - loss.value(array(minus, DataType.FLOAT64), y, array(proxies, DataType.FLOAT64)).getDouble()) / (2 * h);
            assertThat(gradE[k]).as("d loss / d embedding[%d]", k).isCloseTo(numeric, within(1e-7));
        }
        for (int k = 0; k < gradP.length; k++) {
            double[][] plus = perturbed(proxies, k, h);
            double[][] minus = perturbed(proxies, k, -h);
            double numeric = (loss.value(array(X, DataType.FLOAT64), y, array(plus, DataType.FLOAT64)).getDouble()
                    - loss.value(array(X, DataType.FLOAT64), y, array(minus, DataType.FLOAT64)).getDouble()) / (2 * h);
            assertThat(gradP[k]).as("d loss / d proxy[%d]", k).isCloseTo(numeric, within(1e-7));
        }
        assertThat(java.util.Arrays.stream(gradP).map(Math::abs).sum()).isPositive();
    }

    @Test
    void dynamicAssignmentPicksTheNearestProxyOfTheSamplesOwnClass() {
        // proxies 0 and 2 belong to class 0, proxies 1 and 3 to class 1
        double[][] proxies = {{1, 0}, {0.8, 0.6}, {0, 1}, {-1, 0}};
        ProxyNcaLoss loss = loss(2, Map.of("assignment", "nearest-in-class", "proxies", 4, "scale", 1.0), proxies,
                DataType.FLOAT32);
        double[][] x = {
                {0.6, 0.8},   // class 0: nearest overall is proxy 1 (class 1); nearest of class 0 is proxy 2
                {0.9, -0.1},  // class 0: proxy 0
                {0.9, 0.1},   // class 1: proxy 1 (cos 0.78) beats proxy 3 (cos -0.99)
                {-0.7, 0.7},  // class 1: proxy 3 (cos -0.7·-1 = 0.7) beats proxy 1 (cos -0.14)
        };
        long[] positives = loss.positiveProxies(array(x, DataType.FLOAT32), labels(new int[] {0, 0, 1, 1}))
                .toLongArray();
        assertThat(positives).containsExactly(2, 0, 1, 3);
        assertThat(loss.compute(array(x, DataType.FLOAT32), labels(new int[] {0, 0, 1, 1}), Tuples.all())
                .loss().getFloat()).isCloseTo((float) expected(x, new int[] {0, 0, 1, 1}, proxies, 2, false, 1.0),
                        within(1e-5f));
    }

    @Test
    void labelsOutsideTheTrainingClassesAreRejected() {
        ProxyNcaLoss loss = loss(3, Map.of(), P3, DataType.FLOAT32);
        NDArray e = array(X, DataType.FLOAT32);
        assertThatThrownBy(() -> loss.compute(e, labels(new int[] {0, 1, 3, 0}), Tuples.all()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labels must be training-class indices in [0, 3)")
                .hasMessageContaining("from 0 to 3")
                .hasMessageContaining("map the dataset's class ids to 0..2");
        assertThatThrownBy(() -> loss.compute(e, labels(new int[] {0, -1, 2, 0}), Tuples.all()))
                .hasMessageContaining("from -1 to 2");
        assertThatThrownBy(() -> loss.compute(e, labels(new int[] {0, 1, 2}), Tuples.all()))
                .hasMessageContaining("one label per embedding");
        assertThatThrownBy(() -> loss.compute(manager.ones(new Shape(4, 5)), labels(Y), Tuples.all()))
                .hasMessageContaining("built for 3-dimensional embeddings");
    }

    @Test
    void proxiesMoveByTheirOwnLearningRate() {
        float base = 1e-3f;
        Training t = new Training(Map.of(), base);
        float[] proxiesBefore = t.loss.proxies().proxies().getArray().toFloatArray();
        float[] weightBefore = t.weight().toFloatArray();
        t.step();
        float moved = maxAbsDifference(proxiesBefore, t.loss.proxies().proxies().getArray().toFloatArray());
        float weightMoved = maxAbsDifference(weightBefore, t.weight().toFloatArray());
        // Adam's first step moves every weight with a clear gradient by its learning rate
        assertThat(moved).isCloseTo(base * 10, within(base * 10 * 0.01f));
        assertThat(weightMoved).isCloseTo(base, within(base * 0.01f));
    }

    @Test
    void aShortTrainingLowersTheLossAndKeepsMovingTheProxies() {
        Training t = new Training(Map.of("scale", 3.0), 1e-2f);
        float[] start = t.loss.proxies().proxies().getArray().toFloatArray();
        float first = t.step();
        float[] afterTen = null;
        float last = first;
        for (int i = 1; i < 40; i++) {
            last = t.step();
            if (i == 9) {
                afterTen = t.loss.proxies().proxies().getArray().toFloatArray();
            }
        }
        float[] end = t.loss.proxies().proxies().getArray().toFloatArray();
        assertThat(last).isLessThan(0.7f * first);
        assertThat(maxAbsDifference(afterTen, end)).as("proxies still move after step 10").isGreaterThan(0.05f);
        assertThat(maxAbsDifference(start, end)).isGreaterThan(0.2f);
    }

    @Test
    void nothingOutlivesTheIteration() {
        Training t = new Training(Map.of("assignment", "nearest-in-class", "proxies", 6), 1e-3f);
        t.step();
        int before = manager.getManagedArrays().size();
        for (int i = 0; i < 3; i++) {
            t.step();
        }
        assertThat(manager.getManagedArrays()).hasSize(before);
    }

    /** A linear embedding of four Gaussian classes in 6-D, trained with the loss under one Adam. */
    private final class Training {
        final ProxyNcaLoss loss;
        final Linear net = Linear.builder().setUnits(5).build();
        final ParameterStore store = new ParameterStore(manager, false);
        final Optimizer adam;
        final List<Parameter> parameters = new ArrayList<>();
        final float[] inputs;
        final long[] classes;

        Training(Map<String, Object> settings, float base) {
            Engine.getInstance().setRandomSeed(3);
            int batch = 32;
            Random random = new Random(5);
            double[][] centres = new double[4][6];
            for (double[] c : centres) {
                for (int d = 0; d < 6; d++) {
                    c[d] = 2 * random.nextGaussian();
                }
            }
            inputs = new float[batch * 6];
            classes = new long[batch];
            for (int i = 0; i < batch; i++) {
                classes[i] = i % 4;
                for (int d = 0; d < 6; d++) {
                    inputs[i * 6 + d] = (float) (centres[i % 4][d] + 0.5 * random.nextGaussian());
                }
            }
            net.initialize(manager, DataType.FLOAT32, new Shape(batch, 6));
            loss = (ProxyNcaLoss) TestContext.build(new ProxyNcaLossFactory(), ComponentKind.LOSS, config(settings),
                    TestContext.builder(manager).trainingClasses(4).embeddingSize(5).build());
            loss.proxies().initialize(manager, DataType.FLOAT32, new Shape(batch, 5), new Shape(batch));
            String proxyId = loss.proxies().proxies().getId();
            float proxyRate = base * loss.learningRateMultiplier();
            adam = Optimizer.adam().optLearningRateTracker((id, n) -> id.equals(proxyId) ? proxyRate : base).build();
            parameters.addAll(net.getParameters().values());
            parameters.addAll(loss.proxies().getParameters().values());
        }

        NDArray weight() {
            return net.getParameters().get("weight").getArray();
        }

        float step() {
            float value;
            try (NDManager iteration = manager.newSubManager()) {
                NDArray x = iteration.create(inputs, new Shape(classes.length, 6));
                NDArray y = iteration.create(classes);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray e = net.forward(store, new NDList(x), true).singletonOrThrow();
                    NDArray l = loss.compute(e, y, Tuples.all()).loss();
                    collector.backward(l);
                    value = l.getFloat();
                }
                for (Parameter p : parameters) {
                    NDArray w = p.getArray();
                    try (NDArray g = w.getGradient()) {
                        adam.update(p.getId(), w, g);
                    }
                }
            }
            return value;
        }
    }

    // ---- the formula in plain Java ----

    /** Mean Proxy-NCA over the batch; proxy j belongs to class j mod classes. */
    static double expected(double[][] x, int[] y, double[][] proxies, int classes, boolean excludePositive,
            double scale) {
        double total = 0;
        for (int i = 0; i < x.length; i++) {
            double[] xi = unit(x[i]);
            double[] d = new double[proxies.length];
            int positive = -1;
            for (int j = 0; j < proxies.length; j++) {
                double[] pj = unit(proxies[j]);
                for (int k = 0; k < xi.length; k++) {
                    d[j] += (xi[k] - pj[k]) * (xi[k] - pj[k]);
                }
                if (j % classes == y[i] && (positive < 0 || d[j] < d[positive])) {
                    positive = j;
                }
            }
            double denominator = 0;
            for (int j = 0; j < proxies.length; j++) {
                if (j % classes != y[i] || (j == positive && !excludePositive)) {
                    denominator += Math.exp(-scale * d[j]);
                }
            }
            total += -Math.log(Math.exp(-scale * d[positive]) / denominator);
        }
        return total / x.length;
    }

    private static double[] unit(double[] v) {
        double norm = 0;
        for (double a : v) {
            norm += a * a;
        }
        norm = Math.sqrt(norm);
        double[] u = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            u[k] = v[k] / norm;
        }
        return u;
    }

    // ---- helpers ----

    /** A loss over {@code classes} classes of 3-D (or 2-D) embeddings with the given proxies, or uninitialised. */
    private ProxyNcaLoss loss(int classes, Map<String, Object> settings, double[][] proxies, DataType type) {
        int dim = proxies == null ? X[0].length : proxies[0].length;
        ProxyNcaLoss loss = (ProxyNcaLoss) TestContext.build(new ProxyNcaLossFactory(), ComponentKind.LOSS,
                config(settings), TestContext.builder(manager).trainingClasses(classes).embeddingSize(dim).build());
        if (proxies != null) {
            loss.proxies().setInitializer((m, shape, t) -> array(proxies, t), ProxyBlock.PARAMETER);
            loss.proxies().initialize(manager, type, new Shape(4, dim), new Shape(4));
        }
        return loss;
    }

    private static Config config(Map<String, Object> settings) {
        Config root = ConfigFactory.empty();
        for (var entry : settings.entrySet()) {
            root = root.withValue("jdml.loss.proxy-nca." + entry.getKey(), ConfigValueFactory.fromAnyRef(entry.getValue()));
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
