package org.jdml.sampler.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.api.control.Knob;
import org.jdml.api.data.SamplerFactory;
import org.jdml.api.data.TripletBatchSampler;
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
                Map.entry("warmup-epochs", -1),
                Map.entry("mined-share", 1.5),
                Map.entry("kappa.min", 0.5),
                Map.entry("kappa.initial", 9.0),
                Map.entry("neighbours", 0),
                Map.entry("epoch-batches", -1),
                Map.entry("embeddings", "cached"),
                Map.entry("embed-chunk", 0),
                Map.entry("index", "annoy"),
                Map.entry("exact-below", -5),
                Map.entry("exact-chunk", 0),
                Map.entry("hnsw.m", 1),
                Map.entry("hnsw.ef-construction", 0),
                Map.entry("hnsw.ef", 0));
    }

    @Test
    void defaultsAreThePapersAndTheEpochIsTheRunsEpoch() {
        SmartMiningSampler sampler = (SmartMiningSampler) createWithDefaults();
        SmartMiningSettings s = sampler.settings();
        assertThat(sampler).isInstanceOf(TripletBatchSampler.class);
        assertThat(s.warmupEpochs()).isEqualTo(2);
        assertThat(s.minedShare()).isEqualTo(1.0);
        assertThat(s.triplets()).isEqualTo(BATCH / 3);
        // epoch-batches = 0: the context's epoch, ceil(160 / 24) = 7 batches
        assertThat(s.epochBatches()).isEqualTo(7);
        assertThat(s.embeddings()).isEqualTo(SmartMiningSettings.RefreshEmbeddings.REUSE_TRAINING);
        assertThat(sampler.knobs()).extracting(Knob::name).containsExactly("smart-mining.kappa");
        assertThat(sampler.knobs().get(0).value()).isEqualTo(2.0);
    }

    @Test
    void anEpochSettingIsTakenAsIs() {
        SmartMiningSampler sampler = (SmartMiningSampler) create(Map.of("epoch-batches", 3));
        assertThat(sampler.settings().epochBatches()).isEqualTo(3);
    }

    @Test
    void aBatchThatIsNoMultipleOfThreeIsRefusedWithAnExample() {
        var context = TestContext.builder(manager).batchSize(20).trainingData(trainingData())
                .embedder(VectorSplit.identityEmbedder(trainingData())).build();
        assertThatThrownBy(() -> TestContext.build(factory(), kind(), com.typesafe.config.ConfigFactory.empty(), context))
                .isInstanceOf(JdmlConfigurationException.class)
                .hasMessageContaining("jdml.train.batch-size 20")
                .hasMessageContaining("multiple of 3, e.g. 18");
    }

    @Test
    void kappaBoundsOutOfOrderAreAProblemNamingTheKey() {
        assertThatThrownBy(() -> create(Map.of("kappa.min", 3.0, "kappa.max", 2.0, "kappa.initial", 2.5)))
                .isInstanceOf(JdmlConfigurationException.class)
                .hasMessageContaining("jdml.sampler.smart-mining.kappa.max")
                .hasMessageContaining("must be >= kappa.min 3.0");
    }
}
