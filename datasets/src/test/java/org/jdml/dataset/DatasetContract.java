package org.jdml.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdml.api.ComponentKind;
import org.jdml.api.data.DataSplit;
import org.jdml.api.data.DatasetFactory;
import org.jdml.api.data.MetricDataset;
import org.jdml.testkit.ComponentContract;
import org.junit.jupiter.api.Test;

/**
 * What every dataset here honours besides the component contract: non-empty splits whose classes
 * are disjoint (zero-shot), labels in item order, and reads that give {@code itemShape} floats per
 * item. Subclasses point {@link #requiredSettings()} at a fixture.
 */
abstract class DatasetContract extends ComponentContract<MetricDataset, DatasetFactory> {

    @Override
    protected final ComponentKind<DatasetFactory> kind() {
        return ComponentKind.DATASET;
    }

    @Test
    void trainingAndEvaluationClassesAreDisjoint() {
        MetricDataset dataset = createWithDefaults();
        Set<Integer> train = classes(dataset.training());
        Set<Integer> eval = classes(dataset.evaluation());
        assertThat(train).isNotEmpty();
        assertThat(eval).isNotEmpty().doesNotContainAnyElementsOf(train);
        dataset.gallery().ifPresent(g -> assertThat(classes(g)).doesNotContainAnyElementsOf(train));
    }

    @Test
    void readGivesItemShapeFloatsPerItem() {
        MetricDataset dataset = createWithDefaults();
        for (DataSplit split : new DataSplit[] {dataset.training(), dataset.evaluation()}) {
            assertThat(split.labels()).hasSize(split.size());
            int[] indices = {0, split.size() - 1, 0};
            for (boolean augment : new boolean[] {false, true}) {
                float[] items = split.read(indices, augment, new Random(1));
                long itemSize = split.itemShape().size();
                assertThat(items).hasSize((int) (indices.length * itemSize));
                for (float v : items) {
                    assertThat(Float.isFinite(v)).isTrue();
                }
                if (!augment) {
                    assertThat(Arrays.copyOfRange(items, 0, (int) itemSize))
                            .containsExactly(Arrays.copyOfRange(items, (int) (2 * itemSize), (int) (3 * itemSize)));
                }
            }
        }
    }

    static Set<Integer> classes(DataSplit split) {
        return Arrays.stream(split.labels()).boxed().collect(Collectors.toSet());
    }
}
