package org.jdml.loss.triplet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.jdml.api.loss.LossFactory;
import org.jdml.testkit.LossContract;
import org.junit.jupiter.api.Test;

class TripletLossFactoryTest extends LossContract {

    @Override
    protected LossFactory factory() {
        return new TripletLossFactory();
    }

    @Override
    protected Map<String, Object> badValues() {
        return Map.of("margin", -0.1, "distance", "manhattan", "normalize", "maybe", "reducer", "median",
                "smooth", "sometimes");
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        TripletMarginLoss loss = (TripletMarginLoss) createWithDefaults();
        assertThat(loss.margin()).isEqualTo(0.2);
        assertThat(loss.distance()).isEqualTo(Distance.EUCLIDEAN);
        assertThat(loss.normalize()).isTrue();
        assertThat(loss.reducer()).isEqualTo(Reducer.MEAN_OVER_POSITIVE);
        assertThat(loss.smooth()).isFalse();
    }

    @Test
    void everySettingReachesTheLoss() {
        TripletMarginLoss loss = (TripletMarginLoss) create(Map.of("margin", 0.5, "distance", "cosine",
                "normalize", false, "reducer", "sum", "smooth", true));
        assertThat(loss.margin()).isEqualTo(0.5);
        assertThat(loss.distance()).isEqualTo(Distance.COSINE);
        assertThat(loss.normalize()).isFalse();
        assertThat(loss.reducer()).isEqualTo(Reducer.SUM);
        assertThat(loss.smooth()).isTrue();
    }
}
