package org.jdml.api.data;

import java.util.List;
import org.jdml.api.Checkpointable;
import org.jdml.api.control.Knob;

/**
 * Decides which training items form each batch, before the forward pass. A sampler is an endless
 * stream; the host decides how many batches make an epoch. Its state (random position, current
 * epoch order, mined neighbours) is checkpointed so that a resumed run draws the same batches.
 */
public interface BatchSampler extends Checkpointable {

    /** Indices into the training split for the next batch. */
    int[] nextBatch();

    /** Settings an adaptive controller may turn while training runs. */
    default List<Knob> knobs() {
        return List.of();
    }
}
