package org.jdml.sampler.control;

import java.util.LinkedHashSet;
import java.util.List;
import org.jdml.api.ComponentContext;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.control.AdaptiveController;
import org.jdml.api.control.ControllerFactory;

/**
 * {@value #NAME}: keeps the share of active triplets near a target by turning the mining knobs
 * (our design; see {@link AdaptiveHardnessController}).
 *
 * <pre>
 * jdml.controller.adaptive {
 *   target = 0.3, dead-band = 0.05, smoothing = 0.9, interval = 20, gain = 1.0, max-step = 0.1
 *   zero-floor = 0.05, loss-band { low = 0.05, high = 0.2 }, knobs = []
 * }
 * </pre>
 */
public final class AdaptiveControllerFactory implements ControllerFactory {

    public static final String NAME = "adaptive";

    public AdaptiveControllerFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "moves mining knobs multiplicatively so that the smoothed share of active triplets stays near a target";
    }

    @Override
    public AdaptiveController create(ComponentSettings s, ComponentContext context) {
        double target = s.getDouble("target");
        if (!s.check(target > 0 && target < 1, "target", "must be in (0, 1)")) {
            target = 0.5;
        }
        double deadBand = s.getDouble("dead-band");
        if (!s.check(deadBand >= 0 && deadBand < 0.5, "dead-band", "must be in [0, 0.5)")) {
            deadBand = 0;
        }
        double smoothing = s.getDouble("smoothing");
        if (!s.check(smoothing >= 0 && smoothing < 1, "smoothing", "must be in [0, 1)")) {
            smoothing = 0;
        }
        int interval = s.getInt("interval");
        if (!s.check(interval >= 1, "interval", "must be >= 1")) {
            interval = 1;
        }
        double gain = s.getDouble("gain");
        if (!s.check(gain > 0 && Double.isFinite(gain), "gain", "must be > 0")) {
            gain = 1;
        }
        double maxStep = s.getDouble("max-step");
        if (!s.check(maxStep > 0 && Double.isFinite(maxStep), "max-step", "must be > 0")) {
            maxStep = 0.1;
        }
        double zeroFloor = s.getDouble("zero-floor");
        if (!s.check(zeroFloor > 0 && zeroFloor <= 1, "zero-floor", "must be in (0, 1]")) {
            zeroFloor = 0.05;
        }
        double low = s.getDouble("loss-band.low");
        double high = s.getDouble("loss-band.high");
        boolean band = s.check(low > 0 && Double.isFinite(low), "loss-band.low", "must be > 0");
        band = band && s.check(high >= low && Double.isFinite(high), "loss-band.high",
                "must be >= loss-band.low " + low);
        if (!band) {
            low = 1;
            high = 1;
        }
        List<String> names = s.getStringList("knobs");
        s.check(names.stream().noneMatch(String::isBlank), "knobs", "must not hold empty names");
        return new AdaptiveHardnessController(new AdaptiveSettings(target, deadBand, smoothing, interval, gain,
                maxStep, zeroFloor, low, high, new LinkedHashSet<>(names)));
    }
}
