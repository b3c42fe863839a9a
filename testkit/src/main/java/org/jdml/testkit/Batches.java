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
}
