package org.jdml.runner.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdamOptimizerTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    static Parameter parameter(NDManager manager, float... values) {
        Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
        p.setArray(manager.create(values, new Shape(values.length)));
        return p;
    }

    @Test
    void threeStepsFollowTheFormulaWithWeightDecayAndAMultiplier() {
        float[] w0 = {0.5f, -1.0f, 2.0f};
        float[][] grads = {{0.1f, -0.2f, 0.3f}, {-0.05f, 0.4f, 0.0f}, {1.0f, 1.0f, -1.0f}};
        double b1 = 0.9, b2 = 0.99, eps = 1e-3, wd = 0.01, lr = 0.05, multiplier = 2;
        Parameter p = parameter(manager, w0);
        try (AdamOptimizer adam = new AdamOptimizer(List.of(new TrainableParameter("w", p, (float) multiplier)),
                manager, b1, b2, eps, wd)) {
            double[] w = {w0[0], w0[1], w0[2]};
            double[] m = new double[3];
            double[] v = new double[3];
            for (int t = 1; t <= 3; t++) {
                try (NDManager scratch = manager.newSubManager()) {
                    adam.update(0, scratch.create(grads[t - 1]), lr, scratch);
                }
                for (int i = 0; i < 3; i++) {
                    double g = grads[t - 1][i] + wd * w[i];
                    m[i] = b1 * m[i] + (1 - b1) * g;
                    v[i] = b2 * v[i] + (1 - b2) * g * g;
                    double mHat = m[i] / (1 - Math.pow(b1, t));
                    double vHat = v[i] / (1 - Math.pow(b2, t));
                    w[i] -= lr * multiplier * mHat / (Math.sqrt(vHat) + eps);
                }
                float[] actual = p.getArray().toFloatArray();
                for (int i = 0; i < 3; i++) {
                    assertThat((double) actual[i]).as("w[%d] after step %d", i, t).isCloseTo(w[i], within(1e-5));
                }
                assertThat(adam.steps(0)).isEqualTo(t);
            }
        }
    }

    @Test
    void updatesLeaveNoArraysBehindAndTheStateRoundTrips() throws IOException {
        Parameter p = parameter(manager, 1f, 2f);
        try (AdamOptimizer adam = new AdamOptimizer(List.of(new TrainableParameter("w", p, 1f)), manager, 0.9, 0.999,
                1e-8, 0.1)) {
            int before = ((BaseNDManager) manager).getManagedArrays().size();
            for (int i = 0; i < 5; i++) {
                try (NDManager scratch = manager.newSubManager()) {
                    adam.update(0, scratch.create(new float[] {0.3f, -0.1f}), 0.01, scratch);
                }
            }
            assertThat(((BaseNDManager) manager).getManagedArrays()).hasSize(before);

            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            adam.save(new DataOutputStream(bytes));
            Parameter q = parameter(manager, 1f, 2f);
            try (AdamOptimizer restored = new AdamOptimizer(List.of(new TrainableParameter("w", q, 1f)), manager, 0.9,
                    0.999, 1e-8, 0.1)) {
                restored.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
                assertThat(restored.steps(0)).isEqualTo(5);
                assertThat(restored.state(0, 0).toFloatArray()).containsExactly(adam.state(0, 0).toFloatArray());
                assertThat(restored.state(0, 1).toFloatArray()).containsExactly(adam.state(0, 1).toFloatArray());
            }
        }
    }

    @Test
    void theFirstStepMovesEveryWeightByTheLearningRate() {
        Parameter p = parameter(manager, 0f, 0f, 0f);
        try (AdamOptimizer adam = new AdamOptimizer(List.of(new TrainableParameter("w", p, 1f)), manager, 0.9, 0.999,
                1e-8, 0)) {
            try (NDManager scratch = manager.newSubManager()) {
                adam.update(0, scratch.create(new float[] {3f, -0.001f, 50f}), 0.01, scratch);
            }
            NDArray w = p.getArray();
            assertThat(w.toFloatArray()).usingComparatorWithPrecision(1e-6f).containsExactly(-0.01f, 0.01f, -0.01f);
        }
    }
}
