package org.jdml.loss.triplet.mining;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.jdml.api.mining.Tuples;
import org.jdml.loss.triplet.Distance;

/**
 * Array plumbing the miners share. Miners compute in a scratch manager below the batch's and move
 * only their result to the batch's manager, so nothing of theirs outlives the iteration and their
 * scratch is freed at once.
 */
final class MinerArrays {

    private MinerArrays() {}

    /** The (B, B) distances of the batch, without gradient, owned by {@code work}. */
    static NDArray distances(NDArray embeddings, Distance distance, boolean normalize, NDManager work) {
        NDArray e = embeddings.stopGradient();
        e.attach(work);
        return distance.matrix(normalize ? Distance.normalize(e) : e);
    }

    /** {@code values} (broadcast to the mask's shape) where {@code mask} holds, {@code fill} elsewhere. */
    static NDArray fill(NDArray mask, NDArray values, double fill) {
        NDArray filler = values.getManager().full(new Shape(1), (float) fill, values.getDataType());
        NDArray full = values.getShape().equals(mask.getShape()) ? values : values.broadcast(mask.getShape());
        return NDArrays.where(mask, full, filler);
    }

    /** Whether any entry of a boolean mask holds along {@code axis} (which is reduced away). */
    static NDArray any(NDArray mask, int axis) {
        return mask.sum(new int[] {axis}).gt(0);
    }

    /** Triplets of int64 indices owned by {@code batch}. */
    static Tuples.Triplets triplets(NDManager batch, NDArray anchors, NDArray positives, NDArray negatives) {
        return new Tuples.Triplets(keep(anchors, batch), keep(positives, batch), keep(negatives, batch));
    }

    static Tuples.Triplets noTriplets(NDManager batch) {
        return triplets(batch, empty(batch), empty(batch), empty(batch));
    }

    private static NDArray empty(NDManager manager) {
        return manager.zeros(new Shape(0), DataType.INT64);
    }

    /** {@code array} as int64, owned by {@code manager}. */
    static NDArray keep(NDArray array, NDManager manager) {
        NDArray result = array.toType(DataType.INT64, true).reshape(-1);
        result.attach(manager);
        return result;
    }
}
