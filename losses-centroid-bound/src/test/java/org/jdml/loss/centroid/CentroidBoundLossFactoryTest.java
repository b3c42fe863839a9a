package org.jdml.loss.centroid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.jdml.api.ComponentContext;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.loss.LossFactory;
import org.jdml.testkit.LossContract;
import org.jdml.testkit.TestContext;
import org.junit.jupiter.api.Test;

class CentroidBoundLossFactoryTest extends LossContract {

    @Override
    protected LossFactory factory() {
        return new CentroidBoundLossFactory();
    }

    @Override
    protected boolean usesTuples() {
        return false;
    }

    @Override
    protected Map<String, Object> badValues() {
        return Map.of("centroids", "cube", "normalize", "maybe", "scale-by-g", "often", "projection-head", "sometimes",
                "learning-rate-multiplier", 0, "k-means-iterations", -1, "g-from", "everywhere");
    }

    @Test
    void defaultsAreNormalisedOneHotCentroidsWithoutG() {
        assertThat(createWithDefaults().toString())
                .isEqualTo("centroid-bound(one-hot centroids for 4 classes in 8 dimensions, normalize true,"
                        + " scale-by-g false)");
        assertThat(createWithDefaults().parameterBlock()).as("the centroids are fixed").isEmpty();
    }

    @Test
    void anEmbeddingTooSmallForOneHotCentroidsIsReportedWithBothNumbers() {
        assertThat(problems(Map.of(), TestContext.builder(manager).trainingClasses(5).embeddingSize(3).build()))
                .singleElement().asString()
                .contains("jdml.loss.centroid-bound.centroids")
                .contains("one-hot centroids need an embedding of at least 5 dimensions (one per training class),"
                        + " the embedding has 3");
    }

    @Test
    void anEmbeddingTooSmallForASimplexIsReportedWithBothNumbers() {
        ComponentContext small = TestContext.builder(manager).trainingClasses(5).embeddingSize(3).build();
        assertThat(problems(Map.of("centroids", "simplex"), small)).singleElement().asString()
                .contains("jdml.loss.centroid-bound.centroids")
                .contains("simplex centroids need an embedding of at least 4 dimensions (training classes - 1),"
                        + " the embedding has 3");
        ComponentContext fits = TestContext.builder(manager).trainingClasses(5).embeddingSize(4).build();
        assertThat(problems(Map.of("centroids", "simplex"), fits)).isEmpty();
    }

    @Test
    void oneTrainingClassIsAProblem() {
        assertThat(problems(Map.of(), TestContext.builder(manager).trainingClasses(1).embeddingSize(8).build()))
                .singleElement().asString().contains("at least 2 training classes").contains("has 1");
    }

    @Test
    void scalingByGNeedsBatchesLargerThanTheClassCount() {
        ComponentContext tiny = TestContext.builder(manager).trainingClasses(4).embeddingSize(8).batchSize(4).build();
        assertThat(problems(Map.of("scale-by-g", true), tiny)).singleElement().asString()
                .contains("jdml.loss.centroid-bound.scale-by-g").contains("more than 4 samples")
                .contains("batch size is 4");
        assertThat(problems(Map.of("scale-by-g", false), tiny)).isEmpty();
    }

    private List<String> problems(Map<String, Object> values, ComponentContext context) {
        ComponentSettings settings = TestContext.settings(kind(), CentroidBoundLossFactory.NAME, overrides(values));
        factory().create(settings, context);
        return settings.problems();
    }
}
