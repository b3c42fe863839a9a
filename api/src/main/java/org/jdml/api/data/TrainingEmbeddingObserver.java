package org.jdml.api.data;

import org.jdml.api.Experimental;
/**
 * A sampler that also wants the embeddings the training steps compute anyway, for example to refresh
 * its view of the whole training set without embedding the items a step has just embedded. The host
 * calls {@link #observe} once per step, after the forward pass and before the update, with the
 * batch's items in batch order. The embeddings come from the model in training mode (batch
 * statistics, augmented items), as the loss saw them.
 */
@Experimental("new with smart mining")
public interface TrainingEmbeddingObserver {

    /**
     * @param indices the batch's items (training-split indices, batch order; an item may repeat)
     * @param embeddings row-major {@code indices.length x dim}, a copy the observer may keep
     * @param dim the embedding size
     */
    void observe(int[] indices, float[] embeddings, int dim);
}
