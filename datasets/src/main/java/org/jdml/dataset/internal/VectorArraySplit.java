package org.jdml.dataset.internal;

import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.jdml.api.data.DataSplit;

/** Labelled vectors held in one flat float array; reading copies rows, nothing is augmented. */
public final class VectorArraySplit implements DataSplit {

    private final float[] values;
    private final int[] labels;
    private final int dim;

    /** @param values {@code labels.length} vectors of {@code dim} floats, one after the other */
    public VectorArraySplit(float[] values, int[] labels, int dim) {
        if (values.length != (long) labels.length * dim) {
            throw new IllegalArgumentException(values.length + " values are not " + labels.length + " vectors of "
                    + dim);
        }
        this.values = values;
        this.labels = labels;
        this.dim = dim;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int[] labels() {
        return labels;
    }

    @Override
    public Shape itemShape() {
        return new Shape(dim);
    }

    @Override
    public float[] read(int[] indices, boolean augment, Random random) {
        float[] out = new float[indices.length * dim];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(values, indices[i] * dim, out, i * dim, dim);
        }
        return out;
    }
}
