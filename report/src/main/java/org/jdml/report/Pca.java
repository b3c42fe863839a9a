package org.jdml.report;

import java.util.Random;

/**
 * A 2-D principal-component projection of up to a few thousand points, in plain double arithmetic:
 * the covariance matrix (D x D) and its two leading eigenvectors by power iteration with deflation.
 * Signs are fixed (largest component positive) so that the same data give the same picture.
 */
final class Pca {

    private static final int ITERATIONS = 1000;

    /** Rows {@code x[i]} projected on the two leading components. */
    record Projection(double[][] points, double[] explained) {
    }

    private Pca() {
    }

    /**
     * @param data row-major n x d values
     * @param rows indices of the rows to use
     */
    static Projection project(float[] data, int d, int[] rows) {
        int n = rows.length;
        double[] mean = new double[d];
        for (int r : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += data[r * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= Math.max(1, n);
        }
        double[][] cov = new double[d][d];
        double[] centred = new double[d];
        for (int r : rows) {
            for (int j = 0; j < d; j++) {
                centred[j] = data[r * d + j] - mean[j];
            }
            for (int a = 0; a < d; a++) {
                for (int b = a; b < d; b++) {
                    cov[a][b] += centred[a] * centred[b];
                }
            }
        }
        double trace = 0;
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                cov[a][b] /= Math.max(1, n - 1);
                cov[b][a] = cov[a][b];
            }
            trace += cov[a][a];
        }
        int components = Math.min(2, d);
        double[][] vectors = new double[2][d];
        double[] explained = new double[2];
        for (int c = 0; c < components; c++) {
            double[] v = leadingEigenvector(cov, c);
            double lambda = rayleigh(cov, v);
            vectors[c] = v;
            explained[c] = trace > 0 ? Math.max(0, lambda) / trace : 0;
            for (int a = 0; a < d; a++) {   // deflate: remove this component
                for (int b = 0; b < d; b++) {
                    cov[a][b] -= lambda * v[a] * v[b];
                }
            }
        }
        double[][] points = new double[n][2];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < components; c++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += (data[rows[i] * d + j] - mean[j]) * vectors[c][j];
                }
                points[i][c] = s;
            }
        }
        return new Projection(points, explained);
    }

    private static double[] leadingEigenvector(double[][] m, int salt) {
        int d = m.length;
        Random random = new Random(17 + salt);
        double[] v = new double[d];
        for (int j = 0; j < d; j++) {
            v[j] = 1 + 0.1 * random.nextDouble();
        }
        normalise(v);
        for (int it = 0; it < ITERATIONS; it++) {
            double[] next = new double[d];
            for (int a = 0; a < d; a++) {
                double s = 0;
                for (int b = 0; b < d; b++) {
                    s += m[a][b] * v[b];
                }
                next[a] = s;
            }
            if (normalise(next) == 0) {
                break;   // nothing left (rank < 2)
            }
            double change = 0;
            for (int j = 0; j < d; j++) {
                change = Math.max(change, Math.abs(next[j] - v[j]));
            }
            v = next;
            if (change < 1e-12) {
                break;
            }
        }
        int largest = 0;
        for (int j = 1; j < d; j++) {
            if (Math.abs(v[j]) > Math.abs(v[largest])) {
                largest = j;
            }
        }
        if (v[largest] < 0) {
            for (int j = 0; j < d; j++) {
                v[j] = -v[j];
            }
        }
        return v;
    }

    private static double normalise(double[] v) {
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        if (norm > 0) {
            for (int j = 0; j < v.length; j++) {
                v[j] /= norm;
            }
        }
        return norm;
    }

    private static double rayleigh(double[][] m, double[] v) {
        double s = 0;
        for (int a = 0; a < m.length; a++) {
            for (int b = 0; b < m.length; b++) {
                s += v[a] * m[a][b] * v[b];
            }
        }
        return s;
    }
}
