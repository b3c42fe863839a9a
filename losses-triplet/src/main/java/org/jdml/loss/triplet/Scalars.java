package org.jdml.loss.triplet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Java numbers for arithmetic with arrays. The engine turns a {@code double} into a float64 scalar,
 * and float32 ⊕ float64 between two 0-d arrays is float64 under torch's promotion rules: a float32
 * loss would silently become float64. A scalar of the array's own type keeps it.
 */
final class Scalars {

    private Scalars() {}

    static Number like(NDArray array, double value) {
        return array.getDataType() == DataType.FLOAT64 ? (Number) value : (Number) (float) value;
    }
}
