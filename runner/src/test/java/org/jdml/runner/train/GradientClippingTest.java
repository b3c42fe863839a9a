package org.jdml.runner.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientClippingTest {

    @Test
    void theGlobalNormIsScaledDownToTheMaximumAndSmallNormsStay() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // ||(3, 4)|| and ||(12)|| together: sqrt(9 + 16 + 144) = 13
            NDArray a = manager.create(new float[] {3f, 4f});
            NDArray b = manager.create(new float[] {12f});
            double norm = GradientClipping.globalNorm(List.of(a, b), manager);
            assertThat(norm).isCloseTo(13, within(1e-6));
            double factor = GradientClipping.clip(List.of(a, b), norm, 6.5);
            assertThat(factor).isCloseTo(6.5 / (13 + 1e-6), within(1e-9));
            assertThat(a.toFloatArray()).usingComparatorWithPrecision(1e-5f).containsExactly(1.5f, 2f);
            assertThat(b.toFloatArray()).usingComparatorWithPrecision(1e-5f).containsExactly(6f);
            assertThat(GradientClipping.globalNorm(List.of(a, b), manager)).isCloseTo(6.5, within(1e-5));

            assertThat(GradientClipping.clip(List.of(a, b), 6.5, 10)).isEqualTo(1);
            assertThat(a.toFloatArray()).usingComparatorWithPrecision(1e-5f).containsExactly(1.5f, 2f);
        }
    }

    @Test
    void aNonFiniteGradientGivesANonFiniteNorm() {
        try (NDManager manager = NDManager.newBaseManager()) {
            double norm = GradientClipping.globalNorm(
                    List.of(manager.create(new float[] {1f}), manager.create(new float[] {Float.NaN})), manager);
            assertThat(norm).isNaN();
            assertThat(GradientClipping.globalNorm(List.of(manager.create(new float[] {Float.POSITIVE_INFINITY})),
                    manager)).isInfinite();
        }
    }
}
