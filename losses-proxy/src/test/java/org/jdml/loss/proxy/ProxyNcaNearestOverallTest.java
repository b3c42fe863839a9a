package org.jdml.loss.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.Map;
import org.jdml.api.ComponentKind;
import org.jdml.api.mining.Tuples;
import org.jdml.testkit.Batches;
import org.jdml.testkit.TestContext;
import org.jdml.testkit.TestManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Proxy-NCA with the paper's dynamic assignment (nearest proxy overall), and label smoothing. Their gradients
 * are checked in {@link ProxyNcaLossTest}.
 */
class ProxyNcaNearestOverallTest {

    /** Three classes, two proxies in the plane: fewer proxies than classes. */
    private static final double[][] PROXIES = {{1, 0}, {0, 1}};
    private static final double[][] X = {
        {0.9, 0.1},   // class 0, nearest proxy 0
        {0.8, -0.3},  // class 0, nearest proxy 0
        {0.2, 0.9},   // class 1, nearest proxy 1
        {0.6, 0.5},   // class 1, nearest proxy 0 (cosine 0.768 against 0.640)
        {-0.1, 0.7},  // class 2, nearest proxy 1: alone of its class, in no pair
    };
    private static final int[] Y = {0, 0, 1, 1, 2};

    @RegisterExtension
    final TestManager arrays = new TestManager();

    @Test
    void eachSampleGetsItsNearestProxyOfAllWhateverItsClass() {
        ProxyNcaLoss loss = loss(3, Map.of("assignment", "nearest-overall", "proxies", 2), PROXIES);
        assertThat(loss.positiveProxies(array(X), Batches.labels(arrays.manager(), Y)).toLongArray())
                .containsExactly(0, 0, 1, 0, 1);
    }

    @Test
    void theLossRunsOverPositivePairsWithThePositivesProxy() {
        double scale = 2;
        ProxyNcaLoss loss = loss(3, Map.of("assignment", "nearest-overall", "proxies", 2, "scale", scale), PROXIES);
        double value = loss.compute(array(X), Batches.labels(arrays.manager(), Y), Tuples.all()).loss().getDouble();
        // by hand: pairs (0,1), (1,0) have positive proxy 0; (2,3) has proxy 0 (3's); (3,2) proxy 1 (2's).
        // With two proxies and the positive in the denominator, each pair's loss is log(1 + exp(-s (d_other - d_pos))).
        double[][] d = new double[X.length][2];
        for (int i = 0; i < X.length; i++) {
            double[] u = unit(X[i]);
            d[i][0] = (u[0] - 1) * (u[0] - 1) + u[1] * u[1];
            d[i][1] = u[0] * u[0] + (u[1] - 1) * (u[1] - 1);
        }
        int[][] pairs = {{0, 1, 0}, {1, 0, 0}, {2, 3, 0}, {3, 2, 1}};
        double total = 0;
        for (int[] p : pairs) {
            int i = p[0];
            int positive = p[2];
            total += Math.log(1 + Math.exp(-scale * (d[i][1 - positive] - d[i][positive])));
        }
        assertThat(value).isCloseTo(total / pairs.length, within(1e-12));
    }

    @ParameterizedTest(name = "exclude-positive {0}")
    @CsvSource({"false", "true"})
    void float32GivesTheFloat64Value(boolean excludePositive) {
        ProxyNcaLoss loss = loss(3, Map.of("assignment", "nearest-overall", "proxies", 2,
                "exclude-positive", excludePositive, "label-smoothing", 0.1), PROXIES);
        NDArray y = Batches.labels(arrays.manager(), Y);
        double wide = loss.value(array(X), y, array(PROXIES)).getDouble();
        NDArray narrow = loss.value(array(X).toType(DataType.FLOAT32, false), y,
                array(PROXIES).toType(DataType.FLOAT32, false));
        assertThat(narrow.getDataType()).isEqualTo(DataType.FLOAT32);
        assertThat((double) narrow.getFloat()).isCloseTo(wide, within(1e-4));
    }

    @Test
    void aBatchWithoutPairsCostsNothingAndStaysOnTheGraph() {
        ProxyNcaLoss loss = loss(3, Map.of("assignment", "nearest-overall", "proxies", 2), PROXIES);
        NDArray e = array(new double[][] {X[0], X[2], X[4]});
        e.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray value = loss.compute(e, Batches.labels(arrays.manager(), new int[] {0, 1, 2}), Tuples.all()).loss();
            assertThat(value.getDouble()).isZero();
            collector.backward(value);
        }
        assertThat(e.getGradient().abs().sum().getDouble()).isZero();
    }

    @Test
    void labelSmoothingIsTheReferenceImplementationsSmoothedTarget() {
        // the reference: target 1 - eps on the class's proxy, eps / (P - 1) on every other; cross-entropy
        // against log_softmax(-s d) over all proxies (positive in the denominator)
        double[][] proxies = {{2.0, 0.5}, {-0.3, 1.5}, {0.2, -0.4}};
        double eps = 0.1;
        double scale = 9; // both vectors times 3
        ProxyNcaLoss loss = loss(3, Map.of("label-smoothing", eps, "scale", scale), proxies);
        double[][] x = {X[0], X[2], X[4], X[3]};
        int[] y = {0, 1, 2, 0};
        double value = loss.compute(array(x), Batches.labels(arrays.manager(), y), Tuples.all()).loss().getDouble();
        double total = 0;
        for (int i = 0; i < x.length; i++) {
            double[] u = unit(x[i]);
            double[] logits = new double[proxies.length];
            double norm = 0;
            for (int j = 0; j < proxies.length; j++) {
                double[] q = unit(proxies[j]);
                logits[j] = -scale * ((u[0] - q[0]) * (u[0] - q[0]) + (u[1] - q[1]) * (u[1] - q[1]));
                norm += Math.exp(logits[j]);
            }
            for (int j = 0; j < proxies.length; j++) {
                double target = j == y[i] ? 1 - eps : eps / (proxies.length - 1);
                total -= target * (logits[j] - Math.log(norm));
            }
        }
        assertThat(value).isCloseTo(total / x.length, within(1e-12));
    }

    private ProxyNcaLoss loss(int classes, Map<String, Object> settings, double[][] proxies) {
        Config root = ConfigFactory.empty();
        for (var entry : settings.entrySet()) {
            root = root.withValue("jdml.loss.proxy-nca." + entry.getKey(), ConfigValueFactory.fromAnyRef(entry.getValue()));
        }
        ProxyNcaLoss loss = (ProxyNcaLoss) TestContext.build(new ProxyNcaLossFactory(), ComponentKind.LOSS, root,
                TestContext.builder(arrays.manager()).trainingClasses(classes).embeddingSize(2).build());
        if (proxies != null) {
            loss.proxies().setInitializer((m, shape, t) -> Batches.matrix(arrays.manager(), proxies, t), ProxyBlock.PARAMETER);
            loss.proxies().initialize(arrays.manager(), DataType.FLOAT64, new Shape(4, 2), new Shape(4));
        }
        return loss;
    }

    private NDArray array(double[][] rows) {
        return Batches.matrix(arrays.manager(), rows, DataType.FLOAT64);
    }

    private static double[] unit(double[] v) {
        double norm = Math.hypot(v[0], v[1]);
        return new double[] {v[0] / norm, v[1] / norm};
    }
}
