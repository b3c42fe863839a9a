package org.jdml.spark;

import java.io.Serializable;

/** Embeddings in one row-major block, with the label of each row: what the evaluation broadcasts. */
record Vectors(float[] values, int rows, int dim, int[] labels) implements Serializable {

    Vectors {
        if (values.length != (long) rows * dim || labels.length != rows) {
            throw new IllegalArgumentException(rows + " x " + dim + " vectors need " + (long) rows * dim
                    + " values and " + rows + " labels, got " + values.length + " and " + labels.length);
        }
    }
}
