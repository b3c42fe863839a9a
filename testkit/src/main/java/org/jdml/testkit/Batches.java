package org.jdml.testkit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/** Small batches for loss and miner tests. */
public final class Batches {

    private Batches() {}

    /** (B, D) standard-normal embeddings, each row L2-normalised when {@code normalized}. */
    public static NDArray embeddings(NDManager manager, int batch, int dim, long seed, boolean normalized) {
        Random random = new Random(seed);
        float[] values = new float[batch * dim];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        NDArray e = manager.create(values, new Shape(batch, dim));
        return normalized ? e.normalize(2, 1, 1e-12) : e;
    }

    /** Labels 0, 1, ..., classes-1, 0, 1, ... as int64. */
    public static NDArray roundRobinLabels(NDManager manager, int batch, int classes) {
        long[] labels = new long[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = i % classes;
        }
        return manager.create(labels);
    }

    /** Uniformly random labels in [0, classes) as int64. */
    public static NDArray randomLabels(NDManager manager, int batch, int classes, long seed) {
        Random random = new Random(seed);
        long[] labels = new long[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = random.nextInt(classes);
        }
        return manager.create(labels);
    }

    /** True when every element is finite. */
    public static boolean allFinite(NDArray array) {
        NDArray asFloat = array.toType(DataType.FLOAT64, false);
        return !asFloat.isNaN().any().getBoolean() && !asFloat.isInfinite().any().getBoolean();
    }

    /** A (rows, columns) array of the given values, as float64 or converted to {@code type}. */
    public static NDArray matrix(NDManager manager, double[][] rows, DataType type) {
        double[] flat = new double[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * rows[0].length, rows[0].length);
        }
        NDArray a = manager.create(flat, new Shape(rows.length, rows[0].length));
        return type == DataType.FLOAT64 ? a : a.toType(type, false);
    }

    /** The given labels as int64. */
    public static NDArray labels(NDManager manager, int[] labels) {
        long[] l = new long[labels.length];
        for (int i = 0; i < labels.length; i++) {
            l[i] = labels[i];
        }
        return manager.create(l);
    }

    /** A copy of {@code values} with the entry at row-major {@code flatIndex} moved by {@code h}: finite differences. */
    public static double[][] perturbed(double[][] values, int flatIndex, double h) {
        double[][] copy = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            copy[i] = values[i].clone();
        }
        copy[flatIndex / values[0].length][flatIndex % values[0].length] += h;
        return copy;
    }

    /** The largest |a[i] - b[i]|. */
    public static float maxAbsDifference(float[] a, float[] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
