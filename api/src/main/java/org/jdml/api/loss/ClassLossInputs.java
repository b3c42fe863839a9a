package org.jdml.api.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.jdml.api.Experimental;

/**
 * Checks and conversions shared by losses with one learned matrix row block per training class
 * (proxies, centres): the batch's shape, labels as class indices, and the loss's parameters brought
 * to the batch's device and type for one iteration.
 */
@Experimental("a helper for class-based losses; may move to a support module")
public final class ClassLossInputs {

    private ClassLossInputs() {}

    /**
     * @param loss the loss's name, for messages
     * @throws IllegalArgumentException when {@code embeddings} is not (B, dimension)
     */
    public static void checkEmbeddings(String loss, NDArray embeddings, int dimension) {
        Shape shape = embeddings.getShape();
        if (shape.dimension() != 2 || shape.get(1) != dimension) {
            throw new IllegalArgumentException(loss + " was built for " + dimension + "-dimensional embeddings (B, "
                    + dimension + "), got " + shape);
        }
    }

    /**
     * Labels as int64 class indices, after checking that there is one per embedding and each is in
     * [0, classes).
     *
     * @param parameters what the loss learns per class, for the message ("The proxies stand for")
     */
    public static NDArray classIndices(String loss, NDArray labels, long batch, int classes, String parameters) {
        if (labels.getShape().dimension() != 1 || labels.size() != batch) {
            throw new IllegalArgumentException(loss + " needs one label per embedding, (" + batch + "), got labels "
                    + labels.getShape());
        }
        NDArray y = labels.toType(DataType.INT64, false);
        if (y.lt(0).logicalOr(y.gte(classes)).any().getBoolean()) {
            throw new IllegalArgumentException(loss + ": labels must be training-class indices in [0, " + classes
                    + "), found labels from " + y.min().getLong() + " to " + y.max().getLong() + ". " + parameters
                    + " the " + classes + " training classes; map the dataset's class ids to 0.." + (classes - 1)
                    + " before the loss");
        }
        return y;
    }

    /**
     * {@code a} itself, or a copy on the batch's device and of its type. A copy lives in the batch's
     * manager, which the host closes after the iteration, not in the parameter's long-lived one.
     */
    public static NDArray alike(NDArray a, NDArray batch) {
        NDArray r = a;
        if (!r.getDevice().equals(batch.getDevice())) {
            r = r.toDevice(batch.getDevice(), true);
            r.attach(batch.getManager());
        }
        if (r.getDataType() != batch.getDataType()) {
            r = r.toType(batch.getDataType(), true);
            r.attach(batch.getManager());
        }
        return r;
    }
}
