package org.jdml.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.jdml.api.ComponentKind;
import org.jdml.api.control.AdaptiveController;
import org.jdml.api.control.ControllerFactory;
import org.jdml.api.control.Knob;
import org.jdml.api.control.TrainingSignal;
import org.junit.jupiter.api.Test;

/** The contract of an {@link AdaptiveController}: knobs stay in bounds whatever it sees; state resumes. */
public abstract class ControllerContract extends ComponentContract<AdaptiveController, ControllerFactory> {

    @Override
    protected final ComponentKind<ControllerFactory> kind() {
        return ComponentKind.CONTROLLER;
    }

    protected List<Knob> knobs() {
        return List.of(new Knob("test.harder-when-higher", 10, 2, 50, true),
                new Knob("test.easier-when-higher", 0.5, 0, 1, false));
    }

    @Test
    public void knobsStayWithinBoundsUnderExtremeSignals() {
        AdaptiveController controller = createWithDefaults();
        List<Knob> knobs = knobs();
        for (int i = 0; i < 2000; i++) {
            double active = (i / 250) % 2 == 0 ? 0.0 : 1.0;
            controller.update(new TrainingSignal(i, i % 3 == 0 ? 1e6 : 0.0, active), knobs);
            for (Knob knob : knobs) {
                assertThat(knob.value()).isBetween(knob.min(), knob.max());
            }
        }
    }

    @Test
    public void restoredStateContinuesIdentically() throws IOException {
        AdaptiveController controller = createWithDefaults();
        List<Knob> knobs = knobs();
        for (int i = 0; i < 50; i++) {
            controller.update(new TrainingSignal(i, 0.3, 0.1), knobs);
        }
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        controller.saveState(new DataOutputStream(saved));
        List<Knob> copies = knobs.stream()
                .map(k -> new Knob(k.name(), k.value(), k.min(), k.max(), k.harderWhenHigher())).toList();
        AdaptiveController resumed = createWithDefaults();
        resumed.loadState(new DataInputStream(new ByteArrayInputStream(saved.toByteArray())));
        for (int i = 50; i < 80; i++) {
            TrainingSignal signal = new TrainingSignal(i, 0.2 + i * 0.001, 0.9 - i * 0.005);
            controller.update(signal, knobs);
            resumed.update(signal, copies);
        }
        for (int k = 0; k < knobs.size(); k++) {
            assertThat(copies.get(k).value()).isEqualTo(knobs.get(k).value());
        }
    }
}
