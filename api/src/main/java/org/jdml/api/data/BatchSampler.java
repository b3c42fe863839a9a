package org.jdml.api.data;

import java.util.List;
import java.util.Map;
import org.jdml.api.Checkpointable;
import org.jdml.api.Stable;
import org.jdml.api.control.Knob;

/**
 * Decides which training items form each batch, before the forward pass. A sampler is an endless
 * stream; the host decides how many batches make an epoch. Its state (random position, current
 * epoch order, mined neighbours) is checkpointed so that a resumed run draws the same batches.
 */
@Stable
public interface BatchSampler extends Checkpointable {

    /** Indices into the training split for the next batch. */
    int[] nextBatch();

    /** Settings an adaptive controller may turn while training runs. */
    default List<Knob> knobs() {
        return List.of();
    }

    /**
     * Facts about the batches of the epoch just ended worth following over training (how many
     * triplets were mined, what a refresh cost). The host asks once at the end of every epoch and
     * writes them into that epoch's line of {@code metrics.jsonl} ({@code "sampler-state"}) and into
     * the report. Names are kebab case; the default has none.
     */
    default Map<String, Double> epochState() {
        return Map.of();
    }
}
