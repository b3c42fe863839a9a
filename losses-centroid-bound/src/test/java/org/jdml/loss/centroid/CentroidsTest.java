package org.jdml.loss.centroid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CentroidsTest {

    @ParameterizedTest(name = "{0} classes in {1} dimensions")
    @CsvSource({"2, 2", "5, 5", "5, 64", "10, 12"})
    void oneHotCentroidsAreUnitBasisVectors(int classes, int dim) {
        double[][] c = Centroids.ONE_HOT.build(classes, dim);
        assertThat(Centroids.ONE_HOT.minimumDimension(classes)).isEqualTo(classes);
        for (int m = 0; m < classes; m++) {
            for (int d = 0; d < dim; d++) {
                assertThat(c[m][d]).isEqualTo(m == d ? 1.0 : 0.0);
            }
        }
        assertEquidistantOnTheUnitSphere(c, Math.sqrt(2));
    }

    @ParameterizedTest(name = "{0} classes in {1} dimensions")
    @CsvSource({"2, 1", "3, 2", "5, 4", "5, 64", "10, 9", "17, 20"})
    void simplexCentroidsAreEquidistantAtTheStatedDistance(int classes, int dim) {
        assertThat(Centroids.SIMPLEX.minimumDimension(classes)).isEqualTo(classes - 1);
        double[][] c = Centroids.SIMPLEX.build(classes, dim);
        assertEquidistantOnTheUnitSphere(c, Math.sqrt(2.0 * classes / (classes - 1)));
        double[] sum = new double[dim];
        for (double[] row : c) {
            for (int d = 0; d < dim; d++) {
                sum[d] += row[d];
                if (d >= classes - 1) {
                    assertThat(row[d]).as("coordinates beyond C - 1").isZero();
                }
            }
        }
        for (double s : sum) {
            assertThat(s).as("the simplex is centred on the origin").isCloseTo(0, within(1e-12));
        }
    }

    private static void assertEquidistantOnTheUnitSphere(double[][] c, double distance) {
        for (int m = 0; m < c.length; m++) {
            assertThat(Math.sqrt(dot(c[m], c[m]))).as("norm of centroid %d", m).isCloseTo(1, within(1e-12));
            for (int n = m + 1; n < c.length; n++) {
                double d2 = 0;
                for (int k = 0; k < c[m].length; k++) {
                    d2 += (c[m][k] - c[n][k]) * (c[m][k] - c[n][k]);
                }
                assertThat(Math.sqrt(d2)).as("distance %d-%d", m, n).isCloseTo(distance, within(1e-12));
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }
}
