package org.jdml.loss.triplet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Constants in array arithmetic, two engine pitfalls avoided.
 *
 * <ul>
 *   <li>Type: the engine turns a {@code double} into a float64 scalar, and float32 ⊕ float64 between
 *       two 0-d arrays is float64 under torch's promotion rules, so a float32 loss would silently
 *       become float64. {@link #like} gives a number of the array's own type.
 *   <li>Lifetime: {@code x.mul(Number)} (likewise {@code maximum}, {@code div}, ...) wraps the number
 *       in a temporary array, zero-copy over a direct buffer, and closes it right after the op. When
 *       the op's backward needs that operand (a product needs its factor), autograd keeps a tensor
 *       whose memory the garbage collector may already have freed: an intermittently wrong
 *       gradient. In the differentiable path use {@link #array} for factors (it lives as long as
 *       the batch's manager), {@code clip} for bounds (the engine passes them by value); adding or
 *       subtracting a {@code Number} is safe, as its backward needs no operand.
 * </ul>
 */
final class Scalars {

    private Scalars() {}

    /** {@code value} as a Java number of {@code array}'s type. */
    static Number like(NDArray array, double value) {
        return array.getDataType() == DataType.FLOAT64 ? (Number) value : (Number) (float) value;
    }

    /** A 0-d array holding {@code value}, of {@code array}'s type, owned by {@code array}'s manager. */
    static NDArray array(NDArray array, double value) {
        return array.getManager().create(value).toType(array.getDataType(), false);
    }
}
