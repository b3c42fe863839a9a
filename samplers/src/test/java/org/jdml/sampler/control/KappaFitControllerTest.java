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
import org.jdml.api.control.Knob;
import org.jdml.api.control.TrainingSignal;
import org.junit.jupiter.api.Test;

class KappaFitControllerTest {

    /** Two iterations an epoch; target 0.6, three epochs of history, first fit for epoch 3, probe 0.5. */
    private static KappaFitController controller() {
        return new KappaFitController("smart-mining.kappa", 0.6, 3, 3, 0.5, 2);
    }

    private static Knob kappa(double max) {
        return new Knob("smart-mining.kappa", 2.0, 1.0, max, false);
    }

    /** Feeds one epoch (two iterations from {@code first}) with the given errors. */
    private static void epoch(KappaFitController c, Knob knob, long first, double e1, double e2) {
        c.update(new TrainingSignal(first, 1.0, e1), List.of(knob));
        c.update(new TrainingSignal(first + 1, 1.0, e2), List.of(knob));
    }

    @Test
    void probesWhileKappaNeverMovedThenFitsTheLeastSquaresLine() {
        KappaFitController c = controller();
        Knob knob = kappa(8);
        epoch(c, knob, 0, 0.9, 0.7); // e1 = 0.8 with kappa 2
        assertThat(knob.value()).isEqualTo(2.0); // epoch 2 is before the first fit
        assertThat(c.epochState().get("error")).isCloseTo(0.8, within(1e-12));
        assertThat(c.epochState()).containsEntry("next-kappa", 2.0);
        epoch(c, knob, 2, 0.7, 0.7); // e2 = 0.7 with kappa 2
        // both pairs have kappa 2: no line; the error is above the target, so kappa rises by the probe step
        assertThat(knob.value()).isEqualTo(2.5);
        assertThat(c.epochState()).containsEntry("probe", 1.0);
        epoch(c, knob, 4, 0.5, 0.5); // e3 = 0.5 with kappa 2.5
        // by hand over (0.8, 2), (0.7, 2), (0.5, 2.5): mean e 2/3, mean kappa 13/6, Sxx 0.0467, Sxy -0.0833,
        // alpha = -25/14, beta = 13/6 + (25/14)(2/3) = 47/14; at e = 0.6: (-15 + 47) / 14 = 16/7
        assertThat(knob.value()).isCloseTo(16.0 / 7, within(1e-9));
        assertThat(c.epochState().get("alpha")).isCloseTo(-25.0 / 14, within(1e-9));
        assertThat(c.epochState().get("beta")).isCloseTo(47.0 / 14, within(1e-9));
        assertThat(c.epochState()).containsEntry("kappa", 2.5).containsEntry("target", 0.6);
        // only the last three epochs are kept: (0.7, 2), (0.5, 2.5), (0.65, 16/7)
        epoch(c, knob, 6, 0.65, 0.65);
        double[] e = {0.7, 0.5, 0.65};
        double[] k = {2, 2.5, 16.0 / 7};
        assertThat(knob.value()).isCloseTo(KappaFit.kappaFor(e, k, 0.6, 1, 8).getAsDouble(), within(1e-9));
    }

    @Test
    void theFittedKappaIsClampedToTheKnobsBounds() {
        KappaFitController c = controller();
        Knob knob = kappa(2.2);
        epoch(c, knob, 0, 0.8, 0.8);
        epoch(c, knob, 2, 0.7, 0.7); // probe: 2.5, clamped to 2.2
        assertThat(knob.value()).isEqualTo(2.2);
        epoch(c, knob, 4, 0.5, 0.5);
        // the line over (0.8, 2), (0.7, 2), (0.5, 2.2) gives 2.1 at 0.6: inside the bounds
        double expected = KappaFit.kappaFor(new double[] {0.8, 0.7, 0.5}, new double[] {2, 2, 2.2}, 0.6, 1, 100)
                .getAsDouble();
        assertThat(knob.value()).isCloseTo(Math.min(2.2, expected), within(1e-9));
        KappaFitController low = new KappaFitController("smart-mining.kappa", 0.05, 3, 3, 0.5, 2);
        Knob other = kappa(2.2);
        epoch(low, other, 0, 0.8, 0.8);
        epoch(low, other, 2, 0.7, 0.7); // one kappa so far, error above the target: probe up, clamped to 2.2
        epoch(low, other, 4, 0.5, 0.5);
        // the line at 0.05 asks for more than 2.2: clamped
        assertThat(other.value()).isEqualTo(2.2);
    }

    @Test
    void aDegenerateFitKeepsKappa() {
        KappaFitController c = controller();
        Knob knob = kappa(8);
        epoch(c, knob, 0, 0.7, 0.7);
        knob.set(3.0); // another kappa, the same error: no line through (0.7, 2), (0.7, 3)
        epoch(c, knob, 2, 0.7, 0.7);
        assertThat(knob.value()).isEqualTo(3.0);
        assertThat(c.epochState()).containsEntry("degenerate", 1.0);
    }

    @Test
    void anEpochWhoseLastStepWasSkippedIsClosedByTheNextSignal() {
        KappaFitController c = controller();
        Knob knob = kappa(8);
        c.update(new TrainingSignal(0, 1.0, 0.9), List.of(knob)); // iteration 1 skipped
        c.update(new TrainingSignal(2, 1.0, 0.4), List.of(knob));
        assertThat(c.epochState()).containsEntry("error", 0.9);
    }

    @Test
    void restoredStateRepeatsTheSameDecisions() throws IOException {
        KappaFitController c = controller();
        Knob knob = kappa(8);
        epoch(c, knob, 0, 0.9, 0.7);
        c.update(new TrainingSignal(2, 1.0, 0.6), List.of(knob)); // mid-epoch
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        c.saveState(new DataOutputStream(saved));
        KappaFitController resumed = controller();
        resumed.loadState(new DataInputStream(new ByteArrayInputStream(saved.toByteArray())));
        Knob resumedKnob = kappa(8);
        for (KappaFitController each : List.of(c, resumed)) {
            Knob k = each == c ? knob : resumedKnob;
            each.update(new TrainingSignal(3, 1.0, 0.8), List.of(k));
            epoch(each, k, 4, 0.45, 0.55);
            epoch(each, k, 6, 0.62, 0.58);
        }
        assertThat(resumedKnob.value()).isEqualTo(knob.value());
        assertThat(resumed.epochState()).isEqualTo(c.epochState());
    }

    @Test
    void anUnknownKnobStopsTheRunNamingTheSettingAndTheKnobsThereAre() {
        KappaFitController c = controller();
        Knob other = new Knob("miner.margin", 0.1, 0, 1, true);
        assertThatThrownBy(() -> c.update(new TrainingSignal(0, 1.0, 0.5), List.of(other)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("jdml.controller.kappa-fit.knob = \"smart-mining.kappa\"")
                .hasMessageContaining("[miner.margin]");
    }
}
