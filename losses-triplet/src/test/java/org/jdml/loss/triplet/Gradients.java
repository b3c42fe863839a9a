package org.jdml.loss.triplet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Finite-difference checks of autograd gradients, in float64. */
public final class Gradients {

    private Gradients() {}

    /**
     * d f / d x by autograd, row-major. Between the forward and the backward pass it collects garbage
     * and reuses direct memory: an operand the graph needs but no array keeps alive (as with {@code
     * x.mul(Number)}, whose temporary scalar is closed after the op) would then corrupt the gradient.
     */
    public static double[] autograd(NDManager manager, double[][] x, Function<NDArray, NDArray> f) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray e = Reference.array(scope, x, DataType.FLOAT64);
            e.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray value = f.apply(e);
                churnDirectMemory();
                collector.backward(value);
            }
            return e.getGradient().toDoubleArray();
        }
    }

    /** Frees unreachable direct buffers and fills fresh ones with a recognisable value. */
    static void churnDirectMemory() {
        System.gc();
        List<ByteBuffer> fresh = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(8);
            buffer.putDouble(0, 12345.0);
            fresh.add(buffer);
        }
    }

    /** d f / d x by central differences with step h, row-major. */
    public static double[] centralDifferences(NDManager manager, double[][] x, Function<NDArray, NDArray> f,
            double h) {
        int dim = x[0].length;
        double[] gradient = new double[x.length * dim];
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < dim; k++) {
                double original = x[i][k];
                x[i][k] = original + h;
                double up = value(manager, x, f);
                x[i][k] = original - h;
                double down = value(manager, x, f);
                x[i][k] = original;
                gradient[i * dim + k] = (up - down) / (2 * h);
            }
        }
        return gradient;
    }

    private static double value(NDManager manager, double[][] x, Function<NDArray, NDArray> f) {
        try (NDManager scope = manager.newSubManager()) {
            return f.apply(Reference.array(scope, x, DataType.FLOAT64)).getDouble();
        }
    }

    /** Autograd agrees with central differences (step 1e-6) to 1e-6, relative to the larger gradient. */
    public static void check(NDManager manager, double[][] x, Function<NDArray, NDArray> f) {
        double[] exact = autograd(manager, x, f);
        double[] numeric = centralDifferences(manager, x, f, 1e-6);
        double scale = 0;
        for (double g : numeric) {
            scale = Math.max(scale, Math.abs(g));
        }
        assertThat(scale).as("the check needs a non-zero gradient").isGreaterThan(1e-3);
        for (int i = 0; i < exact.length; i++) {
            assertThat(exact[i]).as("gradient element %d (numeric %s)", i, numeric[i])
                    .isCloseTo(numeric[i], org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, scale)));
        }
    }
}
