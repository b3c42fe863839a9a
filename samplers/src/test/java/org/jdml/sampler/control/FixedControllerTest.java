package org.jdml.sampler.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.jdml.api.control.Knob;
import org.jdml.api.control.TrainingSignal;
import org.junit.jupiter.api.Test;

class FixedControllerTest {

    @Test
    void leavesKnobsAndSavesNothing() throws IOException {
        Knob knob = new Knob("k", 3, 1, 9, true);
        FixedController controller = new FixedController();
        controller.update(new TrainingSignal(0, 1.0, 0.0), List.of(knob));
        assertThat(knob.value()).isEqualTo(3);
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        controller.saveState(new DataOutputStream(saved));
        assertThat(saved.size()).isZero();
    }
}
