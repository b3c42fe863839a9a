package org.jdml.runner.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SgdOptimizerTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private double[] run(double momentum, boolean nesterov, double wd, double[] expectedTrace) {
        float[][] grads = {{1f, -2f}, {0.5f, 0.5f}, {-1f, 3f}};
        Parameter p = AdamOptimizerTest.parameter(manager, 1f, -1f);
        double lr = 0.1;
        double[] w = {1, -1};
        double[] b = new double[2];
        try (SgdOptimizer sgd = new SgdOptimizer(List.of(new TrainableParameter("w", p, 1f)), manager, momentum,
                nesterov, wd)) {
            for (float[] grad : grads) {
                try (NDManager scratch = manager.newSubManager()) {
                    sgd.update(0, scratch.create(grad), lr, scratch);
                }
                for (int i = 0; i < 2; i++) {
                    double g = grad[i] + wd * w[i];
                    b[i] = momentum * b[i] + g;
                    double d = momentum == 0 ? g : nesterov ? g + momentum * b[i] : b[i];
                    w[i] -= lr * d;
                }
                float[] actual = p.getArray().toFloatArray();
                assertThat((double) actual[0]).isCloseTo(w[0], within(1e-6));
                assertThat((double) actual[1]).isCloseTo(w[1], within(1e-6));
            }
        }
        return w;
    }

    @Test
    void plainMomentumAndNesterovFollowTheFormulas() {
        double[] plain = run(0, false, 0, null);
        // plain SGD by hand: w - lr * sum(g) = (1 - 0.1 * 0.5, -1 - 0.1 * 1.5)
        assertThat(plain[0]).isCloseTo(0.95, within(1e-12));
        assertThat(plain[1]).isCloseTo(-1.15, within(1e-12));
        run(0.9, false, 0.01, null);
        run(0.9, true, 0, null);
    }
}
