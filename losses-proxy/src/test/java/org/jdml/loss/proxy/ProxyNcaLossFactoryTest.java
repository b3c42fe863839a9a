package org.jdml.loss.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.Shape;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.jdml.api.loss.LossFactory;
import org.jdml.api.loss.MetricLoss;
import org.jdml.api.config.ComponentSettings;
import org.jdml.testkit.LossContract;
import org.jdml.testkit.TestContext;
import org.jdml.api.ComponentKind;
import org.junit.jupiter.api.Test;

class ProxyNcaLossFactoryTest extends LossContract {

    @Override
    protected LossFactory factory() {
        return new ProxyNcaLossFactory();
    }

    @Override
    protected boolean usesTuples() {
        return false;
    }

    @Override
    protected Map<String, Object> badValues() {
        return Map.of(
                "assignment", "fuzzy",
                "proxies", -1,
                "exclude-positive", "perhaps",
                "scale", 0,
                "label-smoothing", 1.5,
                "learning-rate-multiplier", -10);
    }

    @Test
    void defaultsAreOneProxyPerClassAtTenTimesTheLearningRate() {
        ProxyNcaLoss loss = (ProxyNcaLoss) createWithDefaults();
        assertThat(loss.proxies().proxies().getShape()).isEqualTo(new Shape(CLASSES, DIM));
        assertThat(loss.learningRateMultiplier()).isEqualTo(10f);
        assertThat(loss.toString()).contains("static").contains("scale 3.0").contains("exclude-positive false");
    }

    @Test
    void staticAssignmentAcceptsOnlyOneProxyPerClass() {
        assertThat(problems(Map.of("proxies", CLASSES + 1))).singleElement().asString()
                .contains("proxy-nca.proxies").contains("must be 0 or " + CLASSES).contains("was 5");
        assertThat(problems(Map.of("proxies", CLASSES))).isEmpty();
    }

    @Test
    void nearestInClassAssignmentNeedsAtLeastOneProxyPerClass() {
        assertThat(problems(Map.of("assignment", "nearest-in-class", "proxies", CLASSES - 1))).singleElement()
                .asString().contains("proxy-nca.proxies").contains(">= " + CLASSES).contains("was 3");
        MetricLoss loss = create(Map.of("assignment", "nearest-in-class", "proxies", 7));
        assertThat(((ProxyNcaLoss) loss).proxies().proxies().getShape()).isEqualTo(new Shape(7, DIM));
    }

    @Test
    void theOldWordDynamicStillMeansNearestInClass() {
        assertThat(problems(Map.of("assignment", "dynamic", "proxies", 7))).isEmpty();
        assertThat(create(Map.of("assignment", "dynamic", "proxies", 7)).toString()).contains("nearest-in-class");
    }

    @Test
    void nearestOverallAcceptsFewerProxiesThanClasses() {
        assertThat(problems(Map.of("assignment", "nearest-overall", "proxies", 2))).isEmpty();
        assertThat(problems(Map.of("assignment", "nearest-overall", "proxies", 1))).isEmpty();
        assertThat(problems(Map.of("assignment", "nearest-overall", "proxies", 1, "exclude-positive", true)))
                .singleElement().asString().contains("proxy-nca.proxies").contains(">= 2");
    }

    @Test
    void labelSmoothingMustBeBelowOne() {
        assertThat(problems(Map.of("label-smoothing", 1.0))).singleElement().asString()
                .contains("proxy-nca.label-smoothing").contains("[0, 1)");
        assertThat(problems(Map.of("label-smoothing", 0.1))).isEmpty();
    }

    @Test
    void excludingThePositiveNeedsTwoClasses() {
        ComponentSettings settings = TestContext.settings(kind(), ProxyNcaLossFactory.NAME,
                overrides(Map.of("exclude-positive", true)));
        factory().create(settings, TestContext.builder(manager).trainingClasses(1).embeddingSize(DIM).build());
        assertThat(settings.problems()).singleElement().asString()
                .contains("proxy-nca.exclude-positive").contains("at least 2 training classes");
    }

    private java.util.List<String> problems(Map<String, Object> values) {
        ComponentSettings settings = TestContext.settings(ComponentKind.LOSS, ProxyNcaLossFactory.NAME,
                values.isEmpty() ? ConfigFactory.empty() : overrides(values));
        factory().create(settings, context());
        return settings.problems();
    }
}
