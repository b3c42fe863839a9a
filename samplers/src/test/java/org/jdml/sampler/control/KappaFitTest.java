package org.jdml.sampler.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class KappaFitTest {

    // (e, kappa) = (0.2, 3), (0.4, 2), (0.6, 1.5): mean e 0.4, mean kappa 13/6, Sxx 0.08, Sxy -0.3,
    // so alpha = -3.75 and beta = 13/6 + 1.5 = 11/3
    private static final double[] ERRORS = {0.2, 0.4, 0.6};
    private static final double[] KAPPAS = {3, 2, 1.5};

    @Test
    void solvesTheLeastSquaresLineForTheTarget() {
        assertThat(KappaFit.kappaFor(ERRORS, KAPPAS, 0.6, 1, 10).getAsDouble())
                .isCloseTo(-3.75 * 0.6 + 11.0 / 3, within(1e-9));
    }

    @Test
    void clampsToTheBounds() {
        // unclamped: -3.75 * 0.1 + 11/3 = 3.2917
        assertThat(KappaFit.kappaFor(ERRORS, KAPPAS, 0.1, 1, 3).getAsDouble()).isEqualTo(3);
        // unclamped: -3.75 * 0.9 + 11/3 = 0.2917
        assertThat(KappaFit.kappaFor(ERRORS, KAPPAS, 0.9, 1, 3).getAsDouble()).isEqualTo(1);
    }

    @Test
    void degenerateFitsGiveNothing() {
        assertThat(KappaFit.kappaFor(new double[] {0.3}, new double[] {2}, 0.6, 1, 3)).isEmpty();
        assertThat(KappaFit.kappaFor(new double[] {0.3, 0.3}, new double[] {2, 1.5}, 0.6, 1, 3)).isEmpty();
    }
}
