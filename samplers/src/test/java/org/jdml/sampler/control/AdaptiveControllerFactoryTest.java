package org.jdml.sampler.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.api.control.ControllerFactory;
import org.jdml.testkit.ControllerContract;
import org.junit.jupiter.api.Test;

class AdaptiveControllerFactoryTest extends ControllerContract {

    @Override
    protected ControllerFactory factory() {
        return new AdaptiveControllerFactory();
    }

    @Override
    protected Map<String, Object> badValues() {
        return Map.ofEntries(
                Map.entry("target", 1.0),
                Map.entry("dead-band", -0.1),
                Map.entry("smoothing", 1.0),
                Map.entry("interval", 0),
                Map.entry("gain", 0),
                Map.entry("max-step", -1),
                Map.entry("zero-floor", 0),
                Map.entry("loss-band.low", 0),
                Map.entry("loss-band.high", 0.01),
                Map.entry("knobs", List.of("")));
    }

    @Test
    void settingsAreReadIntoTheController() {
        AdaptiveHardnessController controller = (AdaptiveHardnessController) create(Map.of("target", 0.4,
                "interval", 3, "knobs", List.of("smart-mining.neighbours")));
        assertThat(controller.settings().target()).isEqualTo(0.4);
        assertThat(controller.settings().interval()).isEqualTo(3);
        assertThat(controller.settings().knobs()).containsExactly("smart-mining.neighbours");
    }

    @Test
    void aBandWhoseHighIsBelowItsLowIsAProblem() {
        assertThatThrownBy(() -> create(Map.of("loss-band.low", 0.5, "loss-band.high", 0.2)))
                .isInstanceOf(JdmlConfigurationException.class)
                .hasMessageContaining("jdml.controller.adaptive.loss-band.high")
                .hasMessageContaining("must be >= loss-band.low 0.5");
    }
}
