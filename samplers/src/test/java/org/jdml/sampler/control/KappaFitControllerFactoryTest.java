package org.jdml.sampler.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.jdml.api.ComponentContext;
import org.jdml.api.control.AdaptiveController;
import org.jdml.api.control.ControllerFactory;
import org.jdml.api.control.Knob;
import org.jdml.api.control.TrainingSignal;
import org.jdml.testkit.ControllerContract;
import org.jdml.testkit.TestContext;
import org.junit.jupiter.api.Test;

class KappaFitControllerFactoryTest extends ControllerContract {

    @Override
    protected ControllerFactory factory() {
        return new KappaFitControllerFactory();
    }

    @Override
    protected ComponentContext context() {
        return TestContext.builder(manager).iterationsPerEpoch(20).build();
    }

    @Override
    protected List<Knob> knobs() {
        return List.of(new Knob("smart-mining.kappa", 2, 1, 8, false), new Knob("test.other", 0.5, 0, 1, true));
    }

    @Override
    protected Map<String, Object> badValues() {
        return Map.of("knob", "", "target", 1.0, "history", 1, "first-fit-epoch", 1, "probe-step", -0.5);
    }

    @Test
    void defaultsAreThePapers() {
        AdaptiveController controller = createWithDefaults();
        List<Knob> knobs = knobs();
        // two epochs of 20 iterations at error 0.9: the first decision (for epoch 3) raises kappa by the probe step
        for (int i = 0; i < 40; i++) {
            controller.update(new TrainingSignal(i, 1.0, 0.9), knobs);
        }
        assertThat(knobs.get(0).value()).isEqualTo(2.5);
        assertThat(knobs.get(1).value()).isEqualTo(0.5);
        assertThat(controller.epochState()).containsEntry("target", 0.6).containsEntry("next-kappa", 2.5);
    }
}
