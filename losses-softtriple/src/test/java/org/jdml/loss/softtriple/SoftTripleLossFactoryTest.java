package org.jdml.loss.softtriple;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.loss.LossFactory;
import org.jdml.testkit.LossContract;
import org.jdml.testkit.TestContext;
import org.junit.jupiter.api.Test;

class SoftTripleLossFactoryTest extends LossContract {

    @Override
    protected LossFactory factory() {
        return new SoftTripleLossFactory();
    }

    @Override
    protected boolean usesTuples() {
        return false;
    }

    @Override
    protected Map<String, Object> badValues() {
        return Map.of(
                "lambda", 0,
                "gamma", -0.1,
                "margin", -0.01,
                "tau", -1,
                "centers-per-class", 0,
                "learning-rate-multiplier", 0);
    }

    @Test
    void defaultsAreThePapers() {
        SoftTripleLoss loss = (SoftTripleLoss) createWithDefaults();
        assertThat(loss.centers().centers().getShape()).isEqualTo(new Shape(CLASSES * 10, DIM));
        assertThat(loss.learningRateMultiplier()).isEqualTo(100f);
        assertThat(loss.toString()).contains("x 10 centres").contains("lambda 20.0").contains("gamma 0.1")
                .contains("margin 0.01").contains("tau 0.2");
    }

    @Test
    void zeroMarginAndZeroTauAreAllowed() {
        SoftTripleLoss loss = (SoftTripleLoss) create(Map.of("margin", 0, "tau", 0, "centers-per-class", 2));
        assertThat(loss.centers().centers().getShape()).isEqualTo(new Shape(CLASSES * 2, DIM));
    }

    @Test
    void oneTrainingClassIsAProblem() {
        ComponentSettings settings = TestContext.settings(kind(), SoftTripleLossFactory.NAME, overrides(Map.of()));
        factory().create(settings, TestContext.builder(manager).trainingClasses(1).embeddingSize(DIM).build());
        assertThat(settings.problems()).singleElement().asString()
                .contains("softtriple").contains("at least 2 training classes").contains("has 1");
    }
}
