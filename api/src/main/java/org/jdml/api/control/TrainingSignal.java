package org.jdml.api.control;

import org.jdml.api.Experimental;
/**
 * What an adaptive controller observes after each training iteration.
 *
 * @param iteration the iteration just finished, counted from 0 over the whole run
 * @param loss the batch's loss value
 * @param activeFraction share of the batch's tuples with a non-zero loss, NaN when the loss has none
 */
@Experimental("the controller API is young: fields may be added")
public record TrainingSignal(long iteration, double loss, double activeFraction) {

    public boolean hasActiveFraction() {
        return !Double.isNaN(activeFraction);
    }
}
