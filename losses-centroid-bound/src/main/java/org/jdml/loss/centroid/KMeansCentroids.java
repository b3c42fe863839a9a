package org.jdml.loss.centroid;

/**
 * K-means with one cluster per training class, for the centroid bound's {@code k-means} centroids.
 *
 * <p>The bound needs to know which centroid is class m's, and plain k-means gives clusters in no
 * particular order. So cluster m starts at the mean of class m's points, and Lloyd's iterations
 * (assign every point to its nearest centroid, move every centroid to the mean of its points) then
 * let the centroids settle where the points actually cluster; cluster m stays class m's. A cluster
 * that loses all its points keeps its last position. Deterministic: no random start.
 */
final class KMeansCentroids {

    private KMeansCentroids() {}

    /**
     * @param points (N, W) row per point
     * @param labels class index in [0, classes) of each point
     * @param iterations Lloyd iterations after the class means (0: the class means themselves); stops
     *     early when no point changes cluster
     * @return (classes, W) centroids
     * @throws IllegalArgumentException when a class has no point
     */
    static double[][] fit(double[][] points, int[] labels, int classes, int iterations) {
        int width = points.length == 0 ? 0 : points[0].length;
        int[] assignment = labels.clone();
        double[][] centroids = means(points, assignment, classes, width, null);
        for (int c = 0; c < classes; c++) {
            if (centroids[c] == null) {
                throw new IllegalArgumentException("k-means centroids: training class " + c + " has no items");
            }
        }
        for (int it = 0; it < iterations; it++) {
            boolean changed = false;
            for (int i = 0; i < points.length; i++) {
                int best = 0;
                double bestDistance = Double.POSITIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    double d = 0;
                    for (int k = 0; k < width; k++) {
                        double diff = points[i][k] - centroids[c][k];
                        d += diff * diff;
                    }
                    if (d < bestDistance) {
                        bestDistance = d;
                        best = c;
                    }
                }
                changed |= assignment[i] != best;
                assignment[i] = best;
            }
            if (!changed) {
                break;
            }
            centroids = means(points, assignment, classes, width, centroids);
        }
        return centroids;
    }

    /** Mean of each cluster's points; an empty cluster keeps {@code previous}'s row (null without one). */
    private static double[][] means(double[][] points, int[] assignment, int classes, int width, double[][] previous) {
        double[][] sums = new double[classes][width];
        int[] counts = new int[classes];
        for (int i = 0; i < points.length; i++) {
            int c = assignment[i];
            if (c < 0 || c >= classes) {
                throw new IllegalArgumentException("k-means centroids: label " + c + " is not a training-class index"
                        + " in [0, " + classes + ")");
            }
            counts[c]++;
            for (int k = 0; k < width; k++) {
                sums[c][k] += points[i][k];
            }
        }
        double[][] means = new double[classes][];
        for (int c = 0; c < classes; c++) {
            if (counts[c] == 0) {
                means[c] = previous == null ? null : previous[c].clone();
                continue;
            }
            means[c] = new double[width];
            for (int k = 0; k < width; k++) {
                means[c][k] = sums[c][k] / counts[c];
            }
        }
        return means;
    }
}
