package org.jdml.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SlopeTest {

    @Test
    void recoversTheExponentOfAPowerLaw() {
        int[] b = {64, 128, 256, 512, 1024};
        double[] cubic = new double[b.length];
        double[] linear = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            cubic[i] = 2e-9 * Math.pow(b[i], 3);
            linear[i] = 5e-6 * b[i];
        }
        assertThat(Slope.logLog(b, cubic)).isCloseTo(3.0, within(1e-12));
        assertThat(Slope.logLog(b, linear)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void isTheLeastSquaresLineThroughTheLogs() {
        // log2 x = 0, 1, 2 and log2 y = 0, 2, 1: slope = sum(dx dy) / sum(dx^2) = (-1 * -1 + 1 * 0) / 2 = 0.5
        assertThat(Slope.logLog(new int[] {1, 2, 4}, new double[] {1, 4, 2})).isCloseTo(0.5, within(1e-12));
        assertThat(Slope.logLog(new int[] {8}, new double[] {1})).isNaN();
        assertThat(Slope.logLog(new int[] {8, 8}, new double[] {1, 2})).isNaN();
    }
}
