package org.jdml.loss.triplet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.jdml.api.loss.LossFactory;
import org.jdml.testkit.LossContract;
import org.junit.jupiter.api.Test;

class GlobalLossFactoryTest extends LossContract {

    @Override
    protected LossFactory factory() {
        return new GlobalLossFactory();
    }

    @Override
    protected Map<String, Object> badValues() {
        return Map.of("lambda", -1, "margin", -0.5, "distance", "hamming", "normalize", "perhaps");
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        GlobalLoss loss = (GlobalLoss) createWithDefaults();
        assertThat(loss.lambda()).isEqualTo(1.0);
        assertThat(loss.margin()).isEqualTo(0.4);
        assertThat(loss.distance()).isEqualTo(Distance.SQUARED_EUCLIDEAN);
        assertThat(loss.normalize()).isTrue();
    }

    @Test
    void everySettingReachesTheLoss() {
        GlobalLoss loss = (GlobalLoss) create(Map.of("lambda", 0.5, "margin", 0.1, "distance", "cosine",
                "normalize", false));
        assertThat(loss.lambda()).isEqualTo(0.5);
        assertThat(loss.margin()).isEqualTo(0.1);
        assertThat(loss.distance()).isEqualTo(Distance.COSINE);
        assertThat(loss.normalize()).isFalse();
    }
}
