package org.jdml.api.mining;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.jdml.api.Checkpointable;
import org.jdml.api.Stable;
import org.jdml.api.control.Knob;

/**
 * Chooses, after the forward pass, which tuples of a batch the loss sees. The host passes embeddings
 * with the gradient stopped: mining never back-propagates.
 */
@Stable
public interface Miner extends Checkpointable {

    /**
     * @param embeddings (B, D) embeddings, gradient stopped
     * @param labels (B) integer labels
     * @return well-formed tuples (see {@link Tuples#checkAgainst})
     */
    Tuples mine(NDArray embeddings, NDArray labels);

    /** Settings an adaptive controller may turn while training runs. */
    default List<Knob> knobs() {
        return List.of();
    }
}
