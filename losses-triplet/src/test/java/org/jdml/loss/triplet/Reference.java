package org.jdml.loss.triplet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Brute-force reference implementations in plain double arithmetic: loops over every pair and
 * triplet, distances from their definitions (no Gram matrix), for tests to compare the engine with.
 */
public final class Reference {

    private Reference() {}

    /** A triplet of batch indices. */
    public record Triplet(int a, int p, int n) {}

    /** A loss value and the share of triplets with a violated margin. */
    public record Result(double loss, double activeFraction) {}

    public static double distance(Distance kind, double[] u, double[] v) {
        double squared = 0;
        double dot = 0;
        double nu = 0;
        double nv = 0;
        for (int k = 0; k < u.length; k++) {
            squared += (u[k] - v[k]) * (u[k] - v[k]);
            dot += u[k] * v[k];
            nu += u[k] * u[k];
            nv += v[k] * v[k];
        }
        return switch (kind) {
            case EUCLIDEAN -> Math.sqrt(squared);
            case SQUARED_EUCLIDEAN -> squared;
            case COSINE -> 1 - dot / (Math.sqrt(nu) * Math.sqrt(nv));
        };
    }

    public static double[][] normalized(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            double norm = 0;
            for (double v : x[i]) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            out[i] = new double[x[i].length];
            for (int k = 0; k < x[i].length; k++) {
                out[i][k] = x[i][k] / norm;
            }
        }
        return out;
    }

    /** Every (B, B) distance, after normalising when asked. */
    public static double[][] distances(double[][] x, Distance kind, boolean normalize) {
        double[][] e = normalize ? normalized(x) : x;
        double[][] d = new double[e.length][e.length];
        for (int i = 0; i < e.length; i++) {
            for (int j = 0; j < e.length; j++) {
                d[i][j] = distance(kind, e[i], e[j]);
            }
        }
        return d;
    }

    /** Every (a, p, n) with a ≠ p, y[a] = y[p], y[n] ≠ y[a], in lexicographic order. */
    public static List<Triplet> allTriplets(long[] y) {
        List<Triplet> all = new ArrayList<>();
        for (int a = 0; a < y.length; a++) {
            for (int p = 0; p < y.length; p++) {
                for (int n = 0; n < y.length; n++) {
                    if (a != p && y[a] == y[p] && y[n] != y[a]) {
                        all.add(new Triplet(a, p, n));
                    }
                }
            }
        }
        return all;
    }

    /** The triplet loss over every valid triplet of the batch. */
    public static Result triplet(double[][] x, long[] y, double margin, Distance kind, boolean normalize,
            Reducer reducer, boolean smooth) {
        return triplet(x, allTriplets(y), margin, kind, normalize, reducer, smooth);
    }

    /** The triplet loss over the given triplets. */
    public static Result triplet(double[][] x, List<Triplet> triplets, double margin, Distance kind,
            boolean normalize, Reducer reducer, boolean smooth) {
        double[][] d = distances(x, kind, normalize);
        double sum = 0;
        int positive = 0;
        int active = 0;
        for (Triplet t : triplets) {
            double argument = d[t.a()][t.p()] - d[t.a()][t.n()] + margin;
            double loss = smooth ? Math.log1p(Math.exp(-Math.abs(argument))) + Math.max(argument, 0)
                    : Math.max(0, argument);
            sum += loss;
            positive += loss > 0 ? 1 : 0;
            active += argument > 0 ? 1 : 0;
        }
        int count = triplets.size();
        double loss = switch (reducer) {
            case SUM -> sum;
            case MEAN -> count == 0 ? 0 : sum / count;
            case MEAN_OVER_POSITIVE -> positive == 0 ? 0 : sum / positive;
        };
        return new Result(loss, count == 0 ? 0 : (double) active / count);
    }

    /**
     * The global loss over unordered pairs i &lt; j of the batch, population variances; 0 without a
     * positive or a negative pair.
     */
    public static double global(double[][] x, long[] y, double lambda, double margin, Distance kind,
            boolean normalize) {
        double[][] d = distances(x, kind, normalize);
        List<Double> positives = new ArrayList<>();
        List<Double> negatives = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            for (int j = i + 1; j < y.length; j++) {
                (y[i] == y[j] ? positives : negatives).add(d[i][j]);
            }
        }
        return global(positives, negatives, lambda, margin);
    }

    public static double global(List<Double> positives, List<Double> negatives, double lambda, double margin) {
        if (positives.isEmpty() || negatives.isEmpty()) {
            return 0;
        }
        double muP = mean(positives);
        double muN = mean(negatives);
        return variance(positives, muP) + variance(negatives, muN) + lambda * Math.max(0, muP - muN + margin);
    }

    private static double mean(List<Double> values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.size();
    }

    private static double variance(List<Double> values, double mean) {
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return sum / values.size();
    }

    /** (B, D) random normal points, scaled, reproducible. */
    public static double[][] randomPoints(int b, int dim, long seed) {
        java.util.Random random = new java.util.Random(seed);
        double[][] x = new double[b][dim];
        for (double[] row : x) {
            for (int k = 0; k < dim; k++) {
                row[k] = random.nextGaussian();
            }
        }
        return x;
    }

    public static long[] randomLabels(int b, int classes, long seed) {
        java.util.Random random = new java.util.Random(seed);
        long[] y = new long[b];
        for (int i = 0; i < b; i++) {
            y[i] = random.nextInt(classes);
        }
        return y;
    }

    /** The points as a (B, D) array of the given type. */
    public static NDArray array(NDManager manager, double[][] x, DataType type) {
        int dim = x.length == 0 ? 0 : x[0].length;
        double[] flat = new double[x.length * dim];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], 0, flat, i * dim, dim);
        }
        return manager.create(flat, new Shape(x.length, dim)).toType(type, false);
    }

    /** The values an array of that type actually holds (float32 rounding), as doubles. */
    public static double[][] rounded(double[][] x, DataType type) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = new double[x[i].length];
            for (int k = 0; k < x[i].length; k++) {
                out[i][k] = type == DataType.FLOAT32 ? (double) (float) x[i][k] : x[i][k];
            }
        }
        return out;
    }
}
