package org.jdml.sampler.control;

import java.util.List;
import org.jdml.api.control.AdaptiveController;
import org.jdml.api.control.Knob;
import org.jdml.api.control.TrainingSignal;

/** Leaves every knob at the value its owner gave it: the baseline an adaptive run is compared with. */
public final class FixedController implements AdaptiveController {

    @Override
    public void update(TrainingSignal signal, List<Knob> knobs) {
        // nothing moves
    }
}
