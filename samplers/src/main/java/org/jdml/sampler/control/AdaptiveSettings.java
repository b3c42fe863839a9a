package org.jdml.sampler.control;

import java.util.Set;

/**
 * The validated settings of an {@link AdaptiveHardnessController}, {@code jdml.controller.adaptive}.
 *
 * @param target wanted share of active triplets, in (0, 1)
 * @param deadBand half-width of the band around the target where nothing moves
 * @param smoothing weight of the past in the moving average, in [0, 1)
 * @param interval iterations between knob updates
 * @param gain log-step per unit of error
 * @param maxStep largest relative change of a knob per update
 * @param zeroFloor share of a knob's range that stands in for a value at or near 0
 * @param lossLow fallback band on the smoothed loss: below is too easy
 * @param lossHigh fallback band on the smoothed loss: above is too hard
 * @param knobs names of the knobs to steer; empty = all
 */
public record AdaptiveSettings(double target, double deadBand, double smoothing, int interval, double gain,
        double maxStep, double zeroFloor, double lossLow, double lossHigh, Set<String> knobs) {

    public AdaptiveSettings {
        knobs = Set.copyOf(knobs);
    }
}
