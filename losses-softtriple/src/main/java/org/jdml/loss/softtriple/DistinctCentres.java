package org.jdml.loss.softtriple;

/**
 * How many distinct centres each class keeps. SoftTriple's regulariser pulls a class's centres
 * together so that redundant ones merge; merged centres never coincide exactly in floating point,
 * so "the same centre" needs a tolerance.
 *
 * <p>The rule: after L2-normalising, two centres of one class are linked when their Euclidean
 * distance is below {@code mergeDistance}; the distinct centres of the class are the connected
 * components of that graph. A chain a–b–c with a and c farther apart than the threshold therefore
 * counts once, which makes the count independent of the order the centres are stored in.
 */
final class DistinctCentres {

    private DistinctCentres() {}

    /**
     * @param centres (classes·perClass, dimension) row-major, row {@code c·perClass + k} being centre k of
     *     class c; normalised here
     * @return the number of distinct centres of each class, in 1..perClass
     */
    static int[] perClass(float[] centres, int classes, int perClass, int dimension, double mergeDistance) {
        if (centres.length != (long) classes * perClass * dimension) {
            throw new IllegalArgumentException("expected " + classes + " x " + perClass + " centres of " + dimension
                    + " values, got " + centres.length + " values");
        }
        double[][] unit = new double[perClass][dimension];
        int[] counts = new int[classes];
        double limit = mergeDistance * mergeDistance;
        for (int c = 0; c < classes; c++) {
            for (int k = 0; k < perClass; k++) {
                int row = (c * perClass + k) * dimension;
                double norm = 0;
                for (int d = 0; d < dimension; d++) {
                    norm += (double) centres[row + d] * centres[row + d];
                }
                norm = Math.max(Math.sqrt(norm), 1e-12);
                for (int d = 0; d < dimension; d++) {
                    unit[k][d] = centres[row + d] / norm;
                }
            }
            int[] parent = new int[perClass];
            for (int k = 0; k < perClass; k++) {
                parent[k] = k;
            }
            int components = perClass;
            for (int t = 0; t < perClass; t++) {
                for (int s = t + 1; s < perClass; s++) {
                    double squared = 0;
                    for (int d = 0; d < dimension; d++) {
                        double diff = unit[t][d] - unit[s][d];
                        squared += diff * diff;
                    }
                    if (squared < limit) {
                        int a = root(parent, t);
                        int b = root(parent, s);
                        if (a != b) {
                            parent[a] = b;
                            components--;
                        }
                    }
                }
            }
            counts[c] = components;
        }
        return counts;
    }

    private static int root(int[] parent, int k) {
        while (parent[k] != k) {
            parent[k] = parent[parent[k]];
            k = parent[k];
        }
        return k;
    }
}
