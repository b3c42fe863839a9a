package org.jdml.runner.train;

import java.util.Map;

/**
 * What one training iteration did.
 *
 * @param iteration the iteration, counted from 0 over the whole run
 * @param epoch the epoch it belongs to, counted from 1
 * @param loss the batch's loss (NaN or infinite when skipped for that reason)
 * @param activeFraction share of tuples with a non-zero loss, NaN when the loss does not say
 * @param learningRate the scheduled rate before any parameter's multiplier
 * @param gradientNorm global L2 norm of the gradients before clipping
 * @param skipped true when the update was dropped because the loss or a gradient was not finite
 * @param knobs the sampler's and miner's knob values after the controller's update
 * @param lossScale the factor the loss was multiplied by before backward; NaN when it was not scaled
 * @param overflowed true when the update was dropped because the scaled gradients overflowed (the
 *     loss scale halved; see {@link LossScaler})
 */
public record StepResult(long iteration, int epoch, double loss, double activeFraction, double learningRate,
        double gradientNorm, boolean skipped, Map<String, Double> knobs, double lossScale, boolean overflowed) {

    /** A step without loss scaling. */
    public StepResult(long iteration, int epoch, double loss, double activeFraction, double learningRate,
            double gradientNorm, boolean skipped, Map<String, Double> knobs) {
        this(iteration, epoch, loss, activeFraction, learningRate, gradientNorm, skipped, knobs, Double.NaN, false);
    }
}
