package org.jdml.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.jdml.api.ComponentContext;
import org.jdml.api.ComponentKind;
import org.jdml.api.data.BatchSampler;
import org.jdml.api.data.DataSplit;
import org.jdml.api.data.SamplerFactory;
import org.junit.jupiter.api.Test;

/** The contract of a {@link BatchSampler}: full batches of valid indices; resuming repeats the stream. */
public abstract class SamplerContract extends ComponentContract<BatchSampler, SamplerFactory> {

    protected static final int BATCH = 24;

    @Override
    protected final ComponentKind<SamplerFactory> kind() {
        return ComponentKind.SAMPLER;
    }

    /** The training data the sampler draws from; by default 6 classes of uneven size. */
    protected DataSplit trainingData() {
        return VectorSplit.gaussianClasses(new int[] {30, 25, 40, 12, 20, 33}, 4, 11);
    }

    @Override
    protected ComponentContext context() {
        return TestContext.builder(manager).batchSize(BATCH).embeddingSize(4).trainingClasses(6)
                .trainingData(trainingData()).embedder(VectorSplit.identityEmbedder(trainingData())).build();
    }

    @Test
    public void batchesAreFullAndInRange() {
        BatchSampler sampler = createWithDefaults();
        int size = trainingData().size();
        for (int i = 0; i < 30; i++) {
            int[] batch = sampler.nextBatch();
            assertThat(batch).hasSize(BATCH);
            assertThat(java.util.Arrays.stream(batch).boxed().toList()).allSatisfy(index -> assertThat(index).isBetween(0, size - 1));
        }
    }

    @Test
    public void restoredStateRepeatsTheSameBatches() throws IOException {
        BatchSampler sampler = createWithDefaults();
        for (int i = 0; i < 7; i++) {
            sampler.nextBatch();
        }
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        sampler.saveState(new DataOutputStream(saved));
        int[][] expected = new int[12][];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = sampler.nextBatch();
        }
        BatchSampler resumed = createWithDefaults();
        resumed.loadState(new DataInputStream(new ByteArrayInputStream(saved.toByteArray())));
        for (int[] batch : expected) {
            assertThat(resumed.nextBatch()).containsExactly(batch);
        }
    }
}
