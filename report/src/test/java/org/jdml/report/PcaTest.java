package org.jdml.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PcaTest {

    @Test
    void findsTheAxesOfAnElongatedGrid() {
        // a grid of a in {-10, -5, 0, 5, 10} times b in {-1, 0, 1}: a and b are exactly uncorrelated, with
        // variances 50 and 2/3 (same denominator); a lies along (1, 1, 0)/sqrt2, b along (1, -1, 0)/sqrt2,
        // z is constant, and the cloud is shifted by (5, -3, 7)
        double[] as = {-10, -5, 0, 5, 10};
        double[] bs = {-1, 0, 1};
        int n = as.length * bs.length;
        float[] data = new float[n * 3];
        double[] a = new double[n];
        double[] b = new double[n];
        int i = 0;
        for (double av : as) {
            for (double bv : bs) {
                a[i] = av;
                b[i] = bv;
                data[i * 3] = (float) ((av + bv) / Math.sqrt(2) + 5);
                data[i * 3 + 1] = (float) ((av - bv) / Math.sqrt(2) - 3);
                data[i * 3 + 2] = 7;
                i++;
            }
        }
        Pca.Projection p = Pca.project(data, 3, java.util.stream.IntStream.range(0, n).toArray());
        double total = 50 + 2 / 3.0;
        assertThat(p.explained()[0]).isCloseTo(50 / total, within(1e-6));
        assertThat(p.explained()[1]).isCloseTo((2 / 3.0) / total, within(1e-6));
        double signA = Math.signum(p.points()[0][0] / a[0]);
        double signB = Math.signum(p.points()[0][1] / b[0]);
        for (int k = 0; k < n; k++) {
            assertThat(p.points()[k][0]).isCloseTo(signA * a[k], within(1e-5));
            assertThat(p.points()[k][1]).isCloseTo(signB * b[k], within(1e-5));
        }
    }

    @Test
    void theSameDataGiveTheSamePicture() {
        float[] data = {1, 2, 3, 4, 0, 1, 5, 5, 2, 2, 9, 1, 3, 3, 3, 0, 1, 8};
        int[] rows = {0, 1, 2, 3, 4, 5};
        assertThat(Pca.project(data, 3, rows).points()).isDeepEqualTo(Pca.project(data, 3, rows).points());
    }
}
