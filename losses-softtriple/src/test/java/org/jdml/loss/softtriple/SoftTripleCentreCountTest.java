package org.jdml.loss.softtriple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.jdml.api.ComponentKind;
import org.jdml.api.mining.Tuples;
import org.jdml.testkit.Batches;
import org.jdml.testkit.TestContext;
import org.jdml.testkit.TestManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The count of distinct centres per class that SoftTriple reports each epoch. */
class SoftTripleCentreCountTest {

    @RegisterExtension
    final TestManager arrays = new TestManager();

    @Test
    void centresCloserThanTheThresholdAreOneAndChainsMergeWhole() {
        // class 0: a, b at distance 0.04 and c 0.04 beyond b (a-c 0.08): one chain, one centre
        // class 1: two identical directions of different length (one centre) and an orthogonal one
        double step = 2 * Math.asin(0.02); // the angle whose chord is 0.04
        float[] centres = {
            1, 0, 0,
            (float) Math.cos(step), (float) Math.sin(step), 0,
            (float) Math.cos(2 * step), (float) Math.sin(2 * step), 0,
            0, 0, 2,
            0, 0, 0.5f,
            0, 1, 0};
        assertThat(DistinctCentres.perClass(centres, 2, 3, 3, 0.05)).containsExactly(1, 2);
        // below the chord of neighbours nothing merges except the identical directions
        assertThat(DistinctCentres.perClass(centres, 2, 3, 3, 0.039)).containsExactly(3, 2);
        // 0 merges nothing, not even identical directions
        assertThat(DistinctCentres.perClass(centres, 2, 3, 3, 0)).containsExactly(3, 3);
        assertThatThrownBy(() -> DistinctCentres.perClass(centres, 2, 2, 3, 0.05))
                .hasMessageContaining("expected 2 x 2 centres of 3 values, got 18 values");
    }

    @Test
    void theLossReportsMeanMinAndMaxOverClasses() {
        double[][] w = {{1, 0, 0}, {1, 0.01, 0}, {0, 1, 0}, {0, 0, 1}, {0, 0.01, 1}, {0, 0.02, 1}};
        SoftTripleLoss loss = build(Map.of("centers-per-class", 3, "merge-distance", 0.05), 2, 3);
        loss.centers().setInitializer((m, shape, t) -> Batches.matrix(arrays.manager(), w, t), SoftTripleCenters.PARAMETER);
        assertThat(loss.epochState()).isEmpty(); // not initialised yet
        loss.centers().initialize(arrays.manager(), DataType.FLOAT32, new Shape(4, 3), new Shape(4));
        assertThat(loss.epochState()).containsExactly(Map.entry("distinct-centres-mean", 1.5),
                Map.entry("distinct-centres-min", 1.0), Map.entry("distinct-centres-max", 2.0));
    }

    /**
     * Three classes, each one tight cluster, and K = 6 centres per class: five centres of each class are
     * redundant. Training the centres (Adam, lr 0.01, 300 steps) with the regulariser (tau = 0.2, the paper's
     * value) merges some of them; without it (tau = 0) the count stays near where it started. (Measured: tau 0.2
     * went from 18 distinct centres to 9, [4, 2, 3] per class; tau 0 kept at least 15.)
     */
    @Test
    void withTauTheCountFallsOnClassesWithFewerClustersThanCentres() {
        int[] start0 = new int[1];
        int[] withTau = train(0.2, start0);
        int[] start1 = new int[1];
        int[] withoutTau = train(0, start1);
        assertThat(start0[0]).isEqualTo(18);
        assertThat(start1[0]).isEqualTo(18);
        assertThat(Arrays.stream(withTau).sum()).as("distinct centres with tau 0.2: %s", Arrays.toString(withTau))
                .isLessThanOrEqualTo(10);
        assertThat(Arrays.stream(withoutTau).sum()).as("distinct centres with tau 0: %s", Arrays.toString(withoutTau))
                .isGreaterThanOrEqualTo(15);
    }

    /** Trains only the centres on fixed clustered embeddings; returns the final counts and the first total. */
    private int[] train(double tau, int[] startTotal) {
        int classes = 3;
        int perClass = 6;
        int dimension = 8;
        int perClassItems = 20;
        Random random = new Random(3);
        float[] points = new float[classes * perClassItems * dimension];
        long[] labels = new long[classes * perClassItems];
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < perClassItems; i++) {
                int n = c * perClassItems + i;
                labels[n] = c;
                for (int d = 0; d < dimension; d++) {
                    points[n * dimension + d] = (float) ((d == c ? 1 : 0) + 0.05 * random.nextGaussian());
                }
            }
        }
        Engine.getInstance().setRandomSeed(11);
        SoftTripleLoss loss = build(Map.of("centers-per-class", perClass, "tau", tau), classes, dimension);
        int n = labels.length;
        loss.centers().initialize(arrays.manager(), DataType.FLOAT32, new Shape(n, dimension), new Shape(n));
        startTotal[0] = Arrays.stream(loss.distinctCentres()).sum();
        Parameter centres = loss.centers().centers();
        Optimizer adam = Optimizer.adam().optLearningRateTracker((id, t) -> 0.01f).build();
        for (int step = 0; step < 300; step++) {
            try (NDManager it = arrays.manager().newSubManager()) {
                NDArray x = it.create(points, new Shape(n, dimension));
                NDArray y = it.create(labels);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    collector.backward(loss.compute(x, y, Tuples.all()).loss());
                }
                try (NDArray g = centres.getArray().getGradient()) {
                    adam.update(centres.getId(), centres.getArray(), g);
                }
            }
        }
        return loss.distinctCentres();
    }

    private SoftTripleLoss build(Map<String, Object> settings, int classes, int dimension) {
        Config root = ConfigFactory.empty();
        for (var entry : settings.entrySet()) {
            root = root.withValue("jdml.loss.softtriple." + entry.getKey(),
                    ConfigValueFactory.fromAnyRef(entry.getValue()));
        }
        return (SoftTripleLoss) TestContext.build(new SoftTripleLossFactory(), ComponentKind.LOSS, root,
                TestContext.builder(arrays.manager()).trainingClasses(classes).embeddingSize(dimension).build());
    }
}
