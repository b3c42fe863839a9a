package org.jdml.sampler.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.jdml.api.control.Knob;
import org.jdml.api.control.TrainingSignal;
import org.junit.jupiter.api.Test;

class AdaptiveHardnessControllerTest {

    /** target 0.5, dead band 0.05, no smoothing, update every iteration, gain 1, at most 10 %. */
    private static AdaptiveSettings settings(double smoothing, int interval, Set<String> knobs) {
        return new AdaptiveSettings(0.5, 0.05, smoothing, interval, 1.0, 0.1, 0.05, 0.1, 0.3, knobs);
    }

    private static Knob harderHigh() {
        return new Knob("share", 0.5, 0.0, 1.0, true);
    }

    private static Knob harderLow() {
        return new Knob("k", 20, 4, 48, false);
    }

    private static TrainingSignal active(long iteration, double fraction) {
        return new TrainingSignal(iteration, 0.1, fraction);
    }

    @Test
    void tooFewActiveTripletsMakeMiningHarder() {
        AdaptiveHardnessController controller = new AdaptiveHardnessController(settings(0, 1, Set.of()));
        Knob share = harderHigh();
        Knob k = harderLow();
        // signal 0.38: error 0.5 - 0.38 - 0.05 = 0.07, within the largest log-step ln 1.1 = 0.0953
        controller.update(active(0, 0.38), List.of(share, k));
        double step = 0.07;
        assertThat(share.value()).isCloseTo(0.5 * Math.exp(step), within(1e-12));
        assertThat(k.value()).isCloseTo(20 * Math.exp(-step), within(1e-12));
    }

    @Test
    void tooManyActiveTripletsMakeMiningEasier() {
        AdaptiveHardnessController controller = new AdaptiveHardnessController(settings(0, 1, Set.of()));
        Knob share = harderHigh();
        Knob k = harderLow();
        controller.update(active(0, 0.6), List.of(share, k)); // error 0.5 - 0.6 + 0.05 = -0.05
        assertThat(share.value()).isCloseTo(0.5 * Math.exp(-0.05), within(1e-12));
        assertThat(k.value()).isCloseTo(20 * Math.exp(0.05), within(1e-12));
    }

    @Test
    void insideTheDeadBandNothingMoves() {
        AdaptiveHardnessController controller = new AdaptiveHardnessController(settings(0, 1, Set.of()));
        Knob share = harderHigh();
        for (int i = 0; i < 50; i++) {
            controller.update(active(i, i % 2 == 0 ? 0.46 : 0.54), List.of(share));
        }
        assertThat(share.value()).isEqualTo(0.5);
    }

    @Test
    void stepsAreBoundedAndKnobsEndAtTheirBounds() {
        AdaptiveHardnessController controller = new AdaptiveHardnessController(settings(0, 1, Set.of()));
        Knob share = harderHigh();
        Knob k = harderLow();
        double previousShare = share.value();
        double previousK = k.value();
        for (int i = 0; i < 100; i++) {
            controller.update(active(i, 0.0), List.of(share, k)); // far too easy
            assertThat(share.value() / previousShare).isBetween(1.0, 1.1 + 1e-12);
            assertThat(previousK / k.value()).isBetween(1.0, 1.1 + 1e-12);
            previousShare = share.value();
            previousK = k.value();
        }
        assertThat(share.value()).isEqualTo(1.0);
        assertThat(k.value()).isEqualTo(4.0);
        for (int i = 100; i < 300; i++) {
            controller.update(active(i, 1.0), List.of(share, k)); // far too hard
            assertThat(share.value()).isBetween(0.0, 1.0);
            assertThat(k.value()).isBetween(4.0, 48.0);
        }
        assertThat(k.value()).isEqualTo(48.0);
        assertThat(share.value()).isLessThan(0.05 * 1.0 + 1e-9); // down to about the zero floor's scale
    }

    @Test
    void aKnobAtZeroCanLeaveIt() {
        AdaptiveHardnessController controller = new AdaptiveHardnessController(settings(0, 1, Set.of()));
        Knob share = new Knob("share", 0.0, 0.0, 1.0, true);
        controller.update(active(0, 0.0), List.of(share));
        // scale = zero-floor x range = 0.05; step ln(1.1): 0.05 x 0.1
        assertThat(share.value()).isCloseTo(0.005, within(1e-12));
    }

    @Test
    void theSignalIsSmoothedAndKnobsMoveOnlyEveryInterval() {
        AdaptiveHardnessController controller = new AdaptiveHardnessController(settings(0.5, 3, Set.of()));
        Knob share = harderHigh();
        controller.update(active(0, 0.2), List.of(share));
        controller.update(active(1, 0.4), List.of(share));
        assertThat(share.value()).isEqualTo(0.5);
        assertThat(controller.smoothedActiveFraction()).isCloseTo(0.3, within(1e-12)); // 0.5 x 0.2 + 0.5 x 0.4
        controller.update(active(2, 0.4), List.of(share)); // average 0.35: error 0.10, clipped to ln 1.1
        assertThat(controller.smoothedActiveFraction()).isCloseTo(0.35, within(1e-12));
        assertThat(share.value()).isCloseTo(0.55, within(1e-12));
    }

    @Test
    void withoutAnActiveShareTheLossBandDecides() {
        AdaptiveHardnessController controller = new AdaptiveHardnessController(settings(0, 1, Set.of()));
        Knob share = harderHigh();
        controller.update(new TrainingSignal(0, 0.095, Double.NaN), List.of(share)); // below 0.1: too easy
        // error (0.1 - 0.095) / 0.1 = 0.05
        assertThat(share.value()).isCloseTo(0.5 * Math.exp(0.05), within(1e-12));
        double before = share.value();
        controller.update(new TrainingSignal(1, 0.2, Double.NaN), List.of(share)); // inside [0.1, 0.3]
        assertThat(share.value()).isEqualTo(before);
        controller.update(new TrainingSignal(2, 0.306, Double.NaN), List.of(share)); // error -(0.006 / 0.3) = -0.02
        assertThat(share.value()).isCloseTo(before * Math.exp(-0.02), within(1e-12));
    }

    @Test
    void nonFiniteSignalsAreIgnored() {
        AdaptiveHardnessController controller = new AdaptiveHardnessController(settings(0, 1, Set.of()));
        Knob share = harderHigh();
        controller.update(new TrainingSignal(0, Double.NaN, Double.NaN), List.of(share));
        controller.update(new TrainingSignal(1, Double.POSITIVE_INFINITY, Double.NaN), List.of(share));
        assertThat(share.value()).isEqualTo(0.5);
        assertThat(controller.smoothedLoss()).isNaN();
        assertThat(controller.signalsSeen()).isZero();
    }

    @Test
    void onlyTheNamedKnobsAreSteered() {
        AdaptiveHardnessController controller = new AdaptiveHardnessController(settings(0, 1, Set.of("k")));
        Knob share = harderHigh();
        Knob k = harderLow();
        controller.update(active(0, 0.0), List.of(share, k));
        assertThat(share.value()).isEqualTo(0.5);
        assertThat(k.value()).isLessThan(20);
    }

    @Test
    void aNamedKnobTheRunLacksIsReportedWithTheKnobsItHas() {
        AdaptiveHardnessController controller = new AdaptiveHardnessController(settings(0, 1, Set.of("kk")));
        assertThatThrownBy(() -> controller.update(active(0, 0.0), List.of(harderHigh(), harderLow())))
                .hasMessageContaining("[kk]").hasMessageContaining("[share, k]");
    }

    @Test
    void resumedControllerContinuesTheSameWay() throws IOException {
        AdaptiveHardnessController controller = new AdaptiveHardnessController(settings(0.8, 4, Set.of()));
        Knob share = harderHigh();
        for (int i = 0; i < 10; i++) { // 10 signals: 2 moves, 2 iterations towards the next
            controller.update(active(i, 0.1 + 0.01 * i), List.of(share));
        }
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        controller.saveState(new DataOutputStream(saved));
        AdaptiveHardnessController resumed = new AdaptiveHardnessController(settings(0.8, 4, Set.of()));
        resumed.loadState(new DataInputStream(new ByteArrayInputStream(saved.toByteArray())));
        assertThat(resumed.smoothedActiveFraction()).isEqualTo(controller.smoothedActiveFraction());
        assertThat(resumed.signalsSeen()).isEqualTo(10);
        Knob copy = new Knob("share", share.value(), 0, 1, true);
        double before = share.value();
        controller.update(active(10, 0.2), List.of(share));
        resumed.update(active(10, 0.2), List.of(copy));
        assertThat(share.value()).as("third iteration of the interval: no move yet").isEqualTo(before);
        controller.update(active(11, 0.2), List.of(share));
        resumed.update(active(11, 0.2), List.of(copy));
        assertThat(share.value()).isGreaterThan(before);
        assertThat(copy.value()).isEqualTo(share.value());
    }
}
