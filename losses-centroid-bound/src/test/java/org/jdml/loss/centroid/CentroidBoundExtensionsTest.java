package org.jdml.loss.centroid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.jdml.testkit.Batches.perturbed;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.Map;
import org.jdml.api.ComponentContext;
import org.jdml.api.ComponentKind;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.data.Embedder;
import org.jdml.api.mining.Tuples;
import org.jdml.testkit.Batches;
import org.jdml.testkit.TestContext;
import org.jdml.testkit.TestManager;
import org.jdml.testkit.VectorSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The projection head, k-means centroids and G from the training set's size. */
class CentroidBoundExtensionsTest {

    /** Six 3-d embeddings of five classes: D = 3 < C = 5. */
    private static final double[][] X = {
        {1.0, 0.2, -0.3}, {0.1, 0.9, 0.4}, {-0.5, 0.3, 1.1}, {0.8, -0.6, 0.2}, {0.3, 0.3, -0.9}, {-0.7, -0.2, 0.1}};
    private static final int[] Y = {0, 1, 2, 3, 4, 0};
    /** A (5, 3) head. */
    private static final double[][] W = {
        {0.5, -0.2, 0.1}, {0.3, 0.8, -0.4}, {-0.6, 0.1, 0.7}, {0.2, -0.9, 0.3}, {0.4, 0.4, -0.5}};

    @RegisterExtension
    final TestManager arrays = new TestManager();

    @Test
    void aHeadLetsOneHotCentroidsWorkBelowTheClassCount() {
        ComponentSettings settings = settings(Map.of("projection-head", true));
        CentroidBoundLoss loss = (CentroidBoundLoss) new CentroidBoundLossFactory().create(settings, context(5, 3));
        assertThat(settings.problems()).isEmpty();
        assertThat(loss.head()).get().satisfies(p -> assertThat(p.getShape()).isEqualTo(new Shape(5, 3)));
        assertThat(loss.toString()).contains("one-hot centroids for 5 classes in 5 dimensions after a projection head"
                + " from 3");
        ComponentSettings without = settings(Map.of());
        new CentroidBoundLossFactory().create(without, context(5, 3));
        assertThat(without.problems()).singleElement().asString().contains("projection-head = true");
    }

    @Test
    void theBoundIsTakenOfTheHeadsNormalisedOutput() {
        CentroidBoundLoss loss = loss(5, 3, Map.of("projection-head", true));
        double value = loss.value(array(X), Batches.labels(arrays.manager(), Y), array(W), null).getDouble();
        double total = 0;
        for (int i = 0; i < X.length; i++) {
            double[] z = new double[5];
            for (int m = 0; m < 5; m++) {
                for (int d = 0; d < 3; d++) {
                    z[m] += W[m][d] * X[i][d];
                }
            }
            double norm = Math.sqrt(java.util.Arrays.stream(z).map(v -> v * v).sum());
            double own = 0;
            double others = 0;
            for (int m = 0; m < 5; m++) {
                double squared = 0;
                for (int k = 0; k < 5; k++) {
                    double diff = z[k] / norm - (k == m ? 1 : 0);
                    squared += diff * diff;
                }
                if (m == Y[i]) {
                    own = Math.sqrt(squared);
                } else {
                    others += Math.sqrt(squared);
                }
            }
            total += own - others / 12;
        }
        assertThat(value).isCloseTo(total / X.length, within(1e-12));
    }

    @ParameterizedTest(name = "centroids {0}, scale-by-g {1}")
    @CsvSource({"one-hot, false", "simplex, true"})
    void theHeadsGradientMatchesCentralDifferences(String centroids, boolean scaleByG) {
        CentroidBoundLoss loss = loss(5, 3, Map.of("projection-head", true, "centroids", centroids,
                "scale-by-g", scaleByG));
        NDArray y = Batches.labels(arrays.manager(), Y);
        NDArray e = array(X);
        NDArray w = array(W);
        e.setRequiresGradient(true);
        w.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(loss.value(e, y, w, null));
        }
        double[] gradW = w.getGradient().toDoubleArray();
        double[] gradE = e.getGradient().toDoubleArray();
        double h = 1e-6;
        double scale = scaleByG ? CentroidBoundLoss.g(X.length, 5) : 1;
        for (int k = 0; k < gradW.length; k++) {
            double numeric = (loss.value(array(X), y, array(perturbed(W, k, h)), null).getDouble()
                    - loss.value(array(X), y, array(perturbed(W, k, -h)), null).getDouble()) / (2 * h);
            assertThat(gradW[k]).as("d loss / d head[%d]", k).isCloseTo(numeric, within(1e-7 * scale));
        }
        for (int k = 0; k < gradE.length; k++) {
            double numeric = (loss.value(array(perturbed(X, k, h)), y, array(W), null).getDouble()
                    - loss.value(array(perturbed(X, k, -h)), y, array(W), null).getDouble()) / (2 * h);
            assertThat(gradE[k]).as("d loss / d embedding[%d]", k).isCloseTo(numeric, within(1e-7 * scale));
        }
        assertThat(java.util.Arrays.stream(gradW).map(Math::abs).sum()).isPositive();
    }

    @Test
    void kMeansStartsAtTheClassMeansAndMovesByLloydIterations() {
        double[][] points = {{0, 0}, {0, 1}, {10, 0}, {10, 1}, {11, 0}};
        int[] labels = {0, 0, 0, 1, 1};
        double[][] means = KMeansCentroids.fit(points, labels, 2, 0);
        assertThat(means[0]).containsExactly(new double[] {10 / 3.0, 1 / 3.0}, within(1e-12));
        assertThat(means[1]).containsExactly(new double[] {10.5, 0.5}, within(1e-12));
        // (10, 0) is nearer class 1's centroid: one iteration moves it there, the next changes nothing
        double[][] settled = KMeansCentroids.fit(points, labels, 2, 5);
        assertThat(settled[0]).containsExactly(new double[] {0, 0.5}, within(1e-12));
        assertThat(settled[1]).containsExactly(new double[] {31 / 3.0, 1 / 3.0}, within(1e-12));
        assertThatThrownBy(() -> KMeansCentroids.fit(points, new int[] {0, 0, 0, 0, 0}, 2, 1))
                .hasMessageContaining("training class 1 has no items");
    }

    @Test
    void kMeansCentroidsComeFromTheTrainingEmbeddingsOnceAndStayFrozen() {
        VectorSplit split = VectorSplit.gaussianClasses(new int[] {12, 9, 10}, 4, 7);
        int[] calls = new int[1];
        Embedder identity = VectorSplit.identityEmbedder(split);
        Embedder counting = (indices, m) -> {
            calls[0]++;
            return identity.embed(indices, m);
        };
        ComponentContext context = TestContext.builder(arrays.manager()).trainingClasses(3).embeddingSize(4)
                .trainingData(split).embedder(counting).build();
        CentroidBoundLoss loss = (CentroidBoundLoss) TestContext.build(new CentroidBoundLossFactory(),
                ComponentKind.LOSS, config(Map.of("centroids", "k-means", "k-means-iterations", 3)), context);
        loss.parameterBlock().orElseThrow().initialize(arrays.manager(), DataType.FLOAT32, new Shape(6, 4), new Shape(6));
        assertThat(java.util.Arrays.stream(loss.centroids()).flatMapToDouble(java.util.Arrays::stream)).containsOnly(0.0);

        NDArray batch = Batches.embeddings(arrays.manager(), 6, 4, 1, false);
        NDArray y = Batches.labels(arrays.manager(), new int[] {0, 1, 2, 0, 1, 2});
        loss.compute(batch, y, Tuples.all());
        double[][] first = loss.centroids();

        // what they must be: k-means of the normalised training vectors, normalised
        double[][] points = new double[split.size()][];
        float[] flat = split.read(java.util.stream.IntStream.range(0, split.size()).toArray(), false, new java.util.Random());
        for (int i = 0; i < points.length; i++) {
            points[i] = unit(new double[] {flat[4 * i], flat[4 * i + 1], flat[4 * i + 2], flat[4 * i + 3]});
        }
        double[][] expected = KMeansCentroids.fit(points, split.labels(), 3, 3);
        for (int m = 0; m < 3; m++) {
            assertThat(first[m]).containsExactly(unit(expected[m]), within(1e-6));
        }
        for (int step = 0; step < 3; step++) {
            loss.compute(Batches.embeddings(arrays.manager(), 6, 4, 10 + step, false), y, Tuples.all());
        }
        assertThat(calls[0]).as("embedder calls").isEqualTo(1);
        assertThat(loss.centroids()).isDeepEqualTo(first);
        assertThat(loss.parameterBlock().orElseThrow().getParameters().get(CentroidBoundParameters.CENTROIDS)
                .requiresGradient()).isFalse();
    }

    @Test
    void gFromTheTrainingSetIsThePapersConstant() {
        VectorSplit split = VectorSplit.gaussianClasses(new int[] {10, 10, 10}, 4, 7);
        ComponentContext context = TestContext.builder(arrays.manager()).trainingClasses(3).embeddingSize(4)
                .trainingData(split).batchSize(6).build();
        CentroidBoundLoss plain = (CentroidBoundLoss) TestContext.build(new CentroidBoundLossFactory(),
                ComponentKind.LOSS, config(Map.of()), context);
        CentroidBoundLoss scaled = (CentroidBoundLoss) TestContext.build(new CentroidBoundLossFactory(),
                ComponentKind.LOSS, config(Map.of("scale-by-g", true, "g-from", "training-set")), context);
        double[][] x = {X[0], X[1], X[2], X[3], X[4], X[5]};
        double[][] four = new double[6][];
        for (int i = 0; i < 6; i++) {
            four[i] = new double[] {x[i][0], x[i][1], x[i][2], 0.5};
        }
        NDArray y = Batches.labels(arrays.manager(), new int[] {0, 1, 2, 0, 1, 2});
        double a = plain.compute(array(four), y, Tuples.all()).loss().getDouble();
        double b = scaled.compute(array(four), y, Tuples.all()).loss().getDouble();
        // G = 3 (C-1)(N/C-1)(N/C) = 3 * 2 * 9 * 10 with N = 30, whatever the batch
        assertThat(b).isCloseTo(540 * a, within(1e-9));
        assertThat(scaled.toString()).contains("training-set G 540.0");
    }

    private static double[] unit(double[] v) {
        double norm = Math.sqrt(java.util.Arrays.stream(v).map(a -> a * a).sum());
        return java.util.Arrays.stream(v).map(a -> a / norm).toArray();
    }

    private ComponentContext context(int classes, int dim) {
        return TestContext.builder(arrays.manager()).trainingClasses(classes).embeddingSize(dim).batchSize(classes + 1).build();
    }

    private ComponentSettings settings(Map<String, Object> values) {
        return TestContext.settings(ComponentKind.LOSS, CentroidBoundLossFactory.NAME, config(values));
    }

    private CentroidBoundLoss loss(int classes, int dim, Map<String, Object> values) {
        return (CentroidBoundLoss) TestContext.build(new CentroidBoundLossFactory(), ComponentKind.LOSS,
                config(values), context(classes, dim));
    }

    private static Config config(Map<String, Object> values) {
        Config root = ConfigFactory.empty();
        for (var entry : values.entrySet()) {
            root = root.withValue("jdml.loss.centroid-bound." + entry.getKey(),
                    ConfigValueFactory.fromAnyRef(entry.getValue()));
        }
        return root;
    }

    private NDArray array(double[][] rows) {
        return Batches.matrix(arrays.manager(), rows, DataType.FLOAT64);
    }
}
