package org.jdml.sampler.smart;

import java.util.Random;

/** Hand-built point sets whose neighbours are known, and a plain brute-force reference. */
final class NeighbourFixtures {

    private NeighbourFixtures() {}

    /**
     * Five points on a line at 0, 1, 3, 7, 15: every pair has its own distance, so each order is
     * unique. Worked out by hand (distance in brackets):
     * 0: 1 (1), 3 (3), 7 (7), 15 (15); 1: 0 (1), 3 (2), 7 (6), 15 (14); 3: 1 (2), 0 (3), 7 (4), 15 (12);
     * 7: 3 (4), 1 (6), 0 (7), 15 (8); 15: 7 (8), 3 (12), 1 (14), 0 (15).
     */
    static final float[] LINE = {0, 1, 3, 7, 15};

    /** Rows of {@link #LINE} as point indices (0 is the point at 0, 1 at 1, 2 at 3, 3 at 7, 4 at 15). */
    static final int[][] LINE_NEIGHBOURS = {
        {1, 2, 3, 4},
        {0, 2, 3, 4},
        {1, 0, 3, 4},
        {2, 1, 0, 4},
        {3, 2, 1, 0},
    };

    /**
     * A 2-D grid of {@code side x side} points with spacing 1, each moved by a tiny deterministic
     * amount so that no two distances tie: the 4 nearest neighbours of an inner point are its grid
     * neighbours (distance about 1), the next 4 its diagonal ones (about 1.41).
     */
    static float[] jitteredGrid(int side) {
        Random random = new Random(5);
        float[] points = new float[side * side * 2];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int i = y * side + x;
                points[2 * i] = x + (float) (random.nextDouble() * 0.02 - 0.01);
                points[2 * i + 1] = y + (float) (random.nextDouble() * 0.02 - 0.01);
            }
        }
        return points;
    }

    /** Brute force in double precision: the k nearest other rows of every row, nearest first. */
    static int[][] bruteForce(float[] vectors, int count, int dim, int k) {
        int[][] result = new int[count][k];
        double[] d = new double[count];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < count; j++) {
                double sum = 0;
                for (int c = 0; c < dim; c++) {
                    double diff = (double) vectors[i * dim + c] - vectors[j * dim + c];
                    sum += diff * diff;
                }
                d[j] = j == i ? Double.POSITIVE_INFINITY : sum;
            }
            for (int r = 0; r < k; r++) { // k passes of "take the smallest left", ties to the lower index
                int best = -1;
                for (int j = 0; j < count; j++) {
                    if (d[j] != Double.MAX_VALUE && (best < 0 || d[j] < d[best])) {
                        best = j;
                    }
                }
                result[i][r] = best;
                d[best] = Double.MAX_VALUE;
            }
        }
        return result;
    }

    /** Gaussian clusters of unit vectors in {@code dim} dimensions, like normalised embeddings. */
    static float[] clusteredUnitVectors(int count, int dim, int clusters, double spread, long seed) {
        Random random = new Random(seed);
        double[][] centres = new double[clusters][dim];
        for (double[] centre : centres) {
            for (int d = 0; d < dim; d++) {
                centre[d] = random.nextGaussian();
            }
        }
        float[] vectors = new float[count * dim];
        for (int i = 0; i < count; i++) {
            double[] centre = centres[random.nextInt(clusters)];
            double norm = 0;
            double[] v = new double[dim];
            for (int d = 0; d < dim; d++) {
                v[d] = centre[d] / Math.sqrt(dim) + spread * random.nextGaussian() / Math.sqrt(dim);
                norm += v[d] * v[d];
            }
            norm = Math.sqrt(norm);
            for (int d = 0; d < dim; d++) {
                vectors[i * dim + d] = (float) (v[d] / norm);
            }
        }
        return vectors;
    }
}
