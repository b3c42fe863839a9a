package org.jdml.api.loss;

import ai.djl.ndarray.NDArray;
import org.jdml.api.Experimental;

/**
 * Constants for differentiable arithmetic. DJL's {@code x.mul(Number)} (and {@code div}) wraps the
 * number in a temporary array over a Java buffer and closes it right after the operation; the
 * product's backward pass still reads that factor, by then possibly freed by the garbage collector,
 * and the gradient comes out wrong now and then. {@code maximum(Number)} and {@code minimum(Number)}
 * have the same flaw (their backward compares with the bound). Multiply by {@link #of} instead: it
 * lives as long as the batch's manager; floor with {@code clip(lo, hi)}, which passes its bounds by
 * value. Adding or subtracting a {@code Number} is safe (its backward needs no operand), and so is
 * {@code x.add(x)} for twice x.
 */
@Experimental("a workaround for an engine lifetime problem; may move behind the engine adapter")
public final class Scalars {

    private Scalars() {}

    /**
     * {@code value} as a Java number of {@code like}'s type, for the operations that are safe with a
     * number ({@code add}, {@code sub}): the engine turns a {@code double} into a float64 scalar, and
     * float32 combined with float64 between 0-d arrays is float64 under torch's promotion rules, so a
     * float32 loss would silently become float64.
     */
    public static Number number(NDArray like, double value) {
        return like.getDataType() == ai.djl.ndarray.types.DataType.FLOAT64 ? (Number) value : (Number) (float) value;
    }

    /** A 0-d array holding {@code value}, of {@code like}'s data type, owned by {@code like}'s manager. */
    public static NDArray of(NDArray like, double value) {
        NDArray scalar = like.getManager().create(value);
        return scalar.getDataType() == like.getDataType() ? scalar : scalar.toType(like.getDataType(), false);
    }
}
