package org.jdml.sampler.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.jdml.api.control.AdaptiveController;
import org.jdml.api.control.ControllerFactory;
import org.jdml.api.control.Knob;
import org.jdml.api.control.TrainingSignal;
import org.jdml.testkit.ControllerContract;
import org.junit.jupiter.api.Test;

class FixedControllerFactoryTest extends ControllerContract {

    @Override
    protected ControllerFactory factory() {
        return new FixedControllerFactory();
    }

    @Override
    protected Map<String, Object> badValues() {
        return Map.of();
    }

    @Test
    void knobsNeverMove() {
        AdaptiveController controller = createWithDefaults();
        List<Knob> knobs = knobs();
        for (int i = 0; i < 200; i++) {
            controller.update(new TrainingSignal(i, i % 2 == 0 ? 5.0 : 0.0, i % 3 == 0 ? 0.0 : 1.0), knobs);
        }
        assertThat(knobs).extracting(Knob::value).containsExactly(10.0, 0.5);
    }
}
