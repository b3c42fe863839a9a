package org.jdml.sampler.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.api.control.Knob;
import org.jdml.api.data.BatchSampler;
import org.jdml.api.data.SamplerFactory;
import org.jdml.testkit.SamplerContract;
import org.jdml.testkit.TestContext;
import org.jdml.testkit.VectorSplit;
import org.junit.jupiter.api.Test;

class SmartMiningSamplerFactoryTest extends SamplerContract {

    @Override
    protected SamplerFactory factory() {
        return new SmartMiningSamplerFactory();
    }

    @Override
    protected Map<String, Object> badValues() {
        return Map.ofEntries(
                Map.entry("refresh", -1),
                Map.entry("embed-chunk", 0),
                Map.entry("index", "annoy"),
                Map.entry("exact-below", -5),
                Map.entry("exact-chunk", 0),
                Map.entry("hnsw.m", 1),
                Map.entry("hnsw.ef-construction", 0),
                Map.entry("hnsw.ef", 0),
                Map.entry("neighbours.min", 0),
                Map.entry("neighbours.initial", 100),
                Map.entry("mined-share.max", 1.5),
                Map.entry("mined-share.initial", -0.1),
                Map.entry("anchors-per-batch", -1),
                Map.entry("positives-per-anchor", 0),
                Map.entry("negatives-per-anchor", 0),
                Map.entry("positive-candidates", 0));
    }

    @Test
    void defaultsMakeAsManyFullGroupsAsFit() {
        SmartMiningSampler sampler = (SmartMiningSampler) createWithDefaults();
        SmartMiningSettings s = sampler.settings();
        assertThat(s.groupSize()).isEqualTo(1 + s.positives() + s.negatives());
        assertThat(s.anchors()).isEqualTo(BATCH / s.groupSize());
        // refresh = 0: once per epoch of ceil(160 / 24) = 7 batches
        assertThat(s.refreshEvery()).isEqualTo(7);
        assertThat(sampler.knobs()).extracting(Knob::name)
                .containsExactly("smart-mining.mined-share", "smart-mining.neighbours");
    }

    @Test
    void aRefreshSettingIsTakenAsIs() {
        SmartMiningSampler sampler = (SmartMiningSampler) create(Map.of("refresh", 3, "anchors-per-batch", 1));
        assertThat(sampler.settings().refreshEvery()).isEqualTo(3);
        assertThat(sampler.settings().anchors()).isEqualTo(1);
    }

    @Test
    void groupsThatDoNotFitTheBatchAreAProblemNamingTheNumbers() {
        assertThatThrownBy(() -> create(Map.of("anchors-per-batch", 3)))
                .isInstanceOf(JdmlConfigurationException.class)
                .hasMessageContaining("jdml.sampler.smart-mining.anchors-per-batch")
                .hasMessageContaining("exceed the batch size 24");
        assertThatThrownBy(() -> create(Map.of("negatives-per-anchor", 30)))
                .isInstanceOf(JdmlConfigurationException.class)
                .hasMessageContaining("jdml.sampler.smart-mining.positives-per-anchor")
                .hasMessageContaining("groups of 34 items");
    }

    @Test
    void knobBoundsOutOfOrderAreAProblem() {
        assertThatThrownBy(() -> create(Map.of("neighbours.min", 30, "neighbours.max", 10, "neighbours.initial", 20)))
                .isInstanceOf(JdmlConfigurationException.class)
                .hasMessageContaining("jdml.sampler.smart-mining.neighbours.max")
                .hasMessageContaining("must be >= neighbours.min 30");
    }

    @Test
    void trainingDataOfOneClassIsAProblem() {
        VectorSplit oneClass = VectorSplit.gaussianClasses(new int[] {40}, 4, 1);
        assertThatThrownBy(() -> TestContext.build(factory(), kind(), overrides(Map.of()),
                TestContext.builder(manager).batchSize(24).trainingData(oneClass)
                        .embedder(VectorSplit.identityEmbedder(oneClass)).build()))
                .isInstanceOf(JdmlConfigurationException.class)
                .hasMessageContaining("at least 2 classes");
    }

    @Test
    void hnswAboveTheThresholdGivesFullBatchesToo() {
        BatchSampler sampler = create(Map.of("index", "auto", "exact-below", 10));
        for (int i = 0; i < 3; i++) {
            assertThat(sampler.nextBatch()).hasSize(BATCH);
        }
        assertThat(((SmartMiningSampler) sampler).lastRefresh())
                .hasValueSatisfying(t -> assertThat(t.index()).isEqualTo(IndexKind.HNSW));
    }
}
