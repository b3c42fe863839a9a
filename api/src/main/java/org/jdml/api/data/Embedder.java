package org.jdml.api.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.jdml.api.Stable;

/** Embeds training items with the model as it is now, without gradient and in evaluation mode. */
@Stable
public interface Embedder {

    /**
     * @param indices items of the training split
     * @param manager owner of the result
     * @return (indices.length, D) embeddings, row i for indices[i]
     */
    NDArray embed(int[] indices, NDManager manager);
}
