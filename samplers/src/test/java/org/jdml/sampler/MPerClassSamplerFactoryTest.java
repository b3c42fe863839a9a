package org.jdml.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.api.data.BatchSampler;
import org.jdml.api.data.SamplerFactory;
import org.jdml.testkit.SamplerContract;
import org.jdml.testkit.TestContext;
import org.jdml.testkit.VectorSplit;
import org.junit.jupiter.api.Test;

class MPerClassSamplerFactoryTest extends SamplerContract {

    @Override
    protected SamplerFactory factory() {
        return new MPerClassSamplerFactory();
    }

    @Override
    protected Map<String, Object> badValues() {
        return Map.of("m", 0);
    }

    @Test
    void batchesHoldDistinctClassesOfMItems() {
        BatchSampler sampler = create(Map.of("m", 4)); // 24 / 4 = 6 classes, all of the default data
        int[] labels = trainingData().labels();
        for (int b = 0; b < 50; b++) {
            int[] batch = sampler.nextBatch();
            int[] classes = new int[6];
            for (int k = 0; k < 6; k++) {
                classes[k] = labels[batch[k * 4]];
                for (int j = 1; j < 4; j++) {
                    assertThat(labels[batch[k * 4 + j]]).as("block %d of batch %d", k, b).isEqualTo(classes[k]);
                }
            }
            assertThat(classes).as("classes of batch %d", b).doesNotHaveDuplicates();
        }
    }

    @Test
    void mThatDoesNotDivideTheBatchSizeIsAProblemNamingBoth() {
        assertThatThrownBy(() -> create(Map.of("m", 7)))
                .isInstanceOf(JdmlConfigurationException.class)
                .hasMessageContaining("jdml.sampler.m-per-class.m")
                .hasMessageContaining("must divide the batch size, jdml.train.batch-size = 24")
                .hasMessageContaining("was 7");
    }

    @Test
    void tooFewClassesIsAProblemNamingTheNumbers() {
        // batch 24 with m = 2 needs 12 classes; the default data has 6
        assertThatThrownBy(() -> create(Map.of("m", 2)))
                .isInstanceOf(JdmlConfigurationException.class)
                .hasMessageContaining("jdml.sampler.m-per-class.m")
                .hasMessageContaining("batch size 24 with m = 2 needs 12 distinct classes per batch")
                .hasMessageContaining("training data has 6");
    }

    @Test
    void theBenchmarkShapeIsFiveClassesOfTwentyFour() {
        int[] sizes = new int[5];
        Arrays.fill(sizes, 30);
        VectorSplit data = VectorSplit.gaussianClasses(sizes, 2, 3);
        BatchSampler sampler = TestContext.build(factory(), kind(), overrides(Map.of()),
                TestContext.builder(manager).batchSize(120).trainingData(data).build());
        int[] batch = sampler.nextBatch();
        assertThat(batch).hasSize(120);
        assertThat(Arrays.stream(batch).map(i -> data.labels()[i]).distinct().count()).isEqualTo(5);
    }
}
