package org.jdml.api.control;

import java.util.List;
import java.util.Map;
import org.jdml.api.Checkpointable;
import org.jdml.api.Experimental;

/**
 * Tunes mining as training goes: after every iteration it sees the training signal and may turn the
 * knobs of the run's sampler and miner. Its own state (smoothed signals, counters) is saved with
 * each checkpoint; the knobs' values are saved by their owners.
 */
@Experimental("the controller API is young")
public interface AdaptiveController extends Checkpointable {

    /**
     * @param signal what the last iteration measured
     * @param knobs every knob the run's sampler and miner expose, in a stable order
     */
    void update(TrainingSignal signal, List<Knob> knobs);

    /**
     * What the controller saw and decided in the epoch just ended (its signal, its target, the knob's
     * next value). The host asks once at the end of every epoch, after the epoch's last
     * {@link #update}, and writes them into that epoch's line of {@code metrics.jsonl}
     * ({@code "controller-state"}) and into the report. Names are kebab case; the default has none.
     */
    default Map<String, Double> epochState() {
        return Map.of();
    }
}
