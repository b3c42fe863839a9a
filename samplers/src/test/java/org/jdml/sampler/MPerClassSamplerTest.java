package org.jdml.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MPerClassSamplerTest {

    /** sizes[c] items of class labelBase + c, classes interleaved so that item order says nothing. */
    private static int[] labels(int labelBase, int... sizes) {
        int total = Arrays.stream(sizes).sum();
        int[] labels = new int[total];
        int[] left = sizes.clone();
        int i = 0;
        while (i < total) {
            for (int c = 0; c < sizes.length; c++) {
                if (left[c] > 0) {
                    left[c]--;
                    labels[i++] = labelBase + c;
                }
            }
        }
        return labels;
    }

    @Test
    void everyBatchIsKBlocksOfMItemsOfDistinctClasses() {
        int[] labels = labels(100, 10, 13, 8, 20, 9, 11, 30);
        MPerClassSampler sampler = new MPerClassSampler(labels, 4, 12, new Random(1));
        for (int b = 0; b < 200; b++) {
            int[] batch = sampler.nextBatch();
            assertThat(batch).hasSize(12);
            Set<Integer> classes = new HashSet<>();
            for (int k = 0; k < 3; k++) {
                int label = labels[batch[4 * k]];
                assertThat(classes.add(label)).as("class %d twice in batch %d", label, b).isTrue();
                Set<Integer> items = new HashSet<>();
                for (int j = 0; j < 4; j++) {
                    assertThat(labels[batch[4 * k + j]]).isEqualTo(label);
                    assertThat(items.add(batch[4 * k + j])).as("item repeated in a class with >= m items").isTrue();
                }
            }
        }
    }

    @Test
    void classesTakeEqualTurns() {
        int[] labels = labels(0, 10, 50, 10, 10, 10, 10, 10);
        MPerClassSampler sampler = new MPerClassSampler(labels, 2, 6, new Random(2)); // 3 of 7 classes a batch
        Map<Integer, Integer> turns = new HashMap<>();
        int batches = 7 * 20; // 420 class slots = 60 full cycles of 7 classes
        for (int b = 0; b < batches; b++) {
            int[] batch = sampler.nextBatch();
            for (int k = 0; k < 3; k++) {
                turns.merge(labels[batch[2 * k]], 1, Integer::sum);
            }
        }
        assertThat(turns).hasSize(7);
        assertThat(turns.values()).allSatisfy(t -> assertThat(t).isEqualTo(60));
    }

    @Test
    void itemsAreDrawnWithoutReplacementWithinACycle() {
        // one class of 10 items, m = 5: every two batches see all 10 items exactly once
        int[] labels = labels(0, 10, 10);
        MPerClassSampler sampler = new MPerClassSampler(labels, 5, 5, new Random(3));
        Map<Integer, Integer> seen = new HashMap<>();
        for (int b = 0; b < 40; b++) { // 20 turns per class = 10 cycles of each class
            for (int i : sampler.nextBatch()) {
                seen.merge(i, 1, Integer::sum);
            }
        }
        assertThat(seen).hasSize(20);
        assertThat(seen.values()).allSatisfy(count -> assertThat(count).isEqualTo(10));
    }

    @Test
    void aCycleEndingInsideABatchStillGivesDistinctItems() {
        // 7 items, m = 3: cycles end inside draws; items in one block must still be distinct
        int[] labels = labels(0, 7, 7);
        MPerClassSampler sampler = new MPerClassSampler(labels, 3, 6, new Random(4));
        Map<Integer, Integer> seen = new HashMap<>();
        for (int b = 0; b < 700; b++) {
            int[] batch = sampler.nextBatch();
            for (int k = 0; k < 2; k++) {
                assertThat(Arrays.stream(batch, 3 * k, 3 * k + 3).distinct().count()).isEqualTo(3);
            }
            for (int i : batch) {
                seen.merge(i, 1, Integer::sum);
            }
        }
        // 700 turns x 3 items = 2100 = 300 full cycles of 7 per class
        assertThat(seen.values()).allSatisfy(count -> assertThat(count).isEqualTo(300));
    }

    @Test
    void aClassSmallerThanMRepeatsItsItemsEvenly() {
        int[] labels = labels(0, 3, 40);
        MPerClassSampler sampler = new MPerClassSampler(labels, 8, 16, new Random(5));
        for (int b = 0; b < 20; b++) {
            int[] batch = sampler.nextBatch();
            int block = labels[batch[0]] == 0 ? 0 : 1;
            Map<Integer, Integer> counts = new HashMap<>();
            for (int j = 0; j < 8; j++) {
                counts.merge(batch[8 * block + j], 1, Integer::sum);
            }
            assertThat(counts).hasSize(3);
            // 8 draws over 3 items: each appears 2 or 3 times
            assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(2, 3));
        }
    }

    @Test
    void theSameRandomSourceGivesTheSameBatches() {
        int[] labels = labels(0, 12, 15, 9, 30);
        MPerClassSampler a = new MPerClassSampler(labels, 3, 6, new Random(9));
        MPerClassSampler b = new MPerClassSampler(labels, 3, 6, new Random(9));
        MPerClassSampler c = new MPerClassSampler(labels, 3, 6, new Random(10));
        boolean differs = false;
        for (int i = 0; i < 20; i++) {
            int[] batch = a.nextBatch();
            assertThat(b.nextBatch()).containsExactly(batch);
            differs |= !Arrays.equals(batch, c.nextBatch());
        }
        assertThat(differs).as("another seed gives other batches").isTrue();
    }

    @Test
    void restoredStateContinuesExactlyAcrossCycles() throws IOException {
        int[] labels = labels(0, 5, 6, 7, 3);
        MPerClassSampler sampler = new MPerClassSampler(labels, 4, 8, new Random(11));
        for (int i = 0; i < 13; i++) {
            sampler.nextBatch();
        }
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        sampler.saveState(new DataOutputStream(saved));
        int[][] expected = new int[40][];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = sampler.nextBatch();
        }
        MPerClassSampler resumed = new MPerClassSampler(labels, 4, 8, new Random(999));
        resumed.loadState(new DataInputStream(new ByteArrayInputStream(saved.toByteArray())));
        for (int[] batch : expected) {
            assertThat(resumed.nextBatch()).containsExactly(batch);
        }
    }

    @Test
    void stateOfOtherDataIsRejected() throws IOException {
        MPerClassSampler sampler = new MPerClassSampler(labels(0, 5, 6), 2, 4, new Random(1));
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        sampler.saveState(new DataOutputStream(saved));
        MPerClassSampler other = new MPerClassSampler(labels(0, 5, 7), 2, 4, new Random(1));
        MPerClassSampler twin = new MPerClassSampler(labels(0, 5, 7), 2, 4, new Random(1));
        assertThatThrownBy(() -> other.loadState(new DataInputStream(new ByteArrayInputStream(saved.toByteArray()))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("other training data");
        // the failed load changed nothing
        for (int i = 0; i < 5; i++) {
            assertThat(other.nextBatch()).containsExactly(twin.nextBatch());
        }
        MPerClassSampler otherM = new MPerClassSampler(labels(0, 5, 6), 1, 2, new Random(1));
        assertThatThrownBy(() -> otherM.loadState(new DataInputStream(new ByteArrayInputStream(saved.toByteArray()))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("m = 2");
    }

    @Test
    void invalidShapesAreRejectedWithTheirNumbers() {
        assertThatThrownBy(() -> new MPerClassSampler(labels(0, 5, 5), 3, 8, new Random(1)))
                .hasMessageContaining("8").hasMessageContaining("m = 3");
        assertThatThrownBy(() -> new MPerClassSampler(labels(0, 5, 5), 2, 6, new Random(1)))
                .hasMessageContaining("needs 3 distinct classes").hasMessageContaining("has 2");
    }
}
