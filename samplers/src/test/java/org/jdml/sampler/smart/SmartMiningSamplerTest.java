package org.jdml.sampler.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdml.api.control.Knob;
import org.jdml.api.data.Embedder;
import org.jdml.sampler.smart.MinedBatch.Role;
import org.jdml.sampler.smart.SmartMiningSettings.Range;
import org.jdml.testkit.VectorSplit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SmartMiningSamplerTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** B = 24 as 2 groups of 1 anchor + 3 positives + 8 negatives; k in [2, 12]. */
    private static SmartMiningSettings settings(IndexKind index, int refreshEvery, double k, double share) {
        return new SmartMiningSettings(24, 2, 3, 8, 1000, refreshEvery, 50, index, 0, 32, 8, 40, 20,
                new Range(k, 2, 12), new Range(share, 0, 1));
    }

    private SmartMiningSampler sampler(VectorSplit data, SmartMiningSettings settings, long seed) {
        return new SmartMiningSampler(data.labels(), settings, VectorSplit.identityEmbedder(data), manager,
                new Random(seed));
    }

    private static VectorSplit blobs() {
        return VectorSplit.gaussianClasses(new int[] {30, 25, 40, 12, 20, 33}, 4, 11);
    }

    /** Classes that overlap completely: every neighbourhood is full of other classes. */
    private static VectorSplit mixed(int items, int classes, long seed) {
        Random random = new Random(seed);
        float[][] vectors = new float[items][3];
        int[] labels = new int[items];
        for (int i = 0; i < items; i++) {
            labels[i] = i % classes;
            for (int d = 0; d < 3; d++) {
                vectors[i][d] = (float) random.nextGaussian();
            }
        }
        return new VectorSplit(vectors, labels);
    }

    private static double distance(VectorSplit data, int a, int b) {
        float[] x = data.read(new int[] {a, b}, false, new Random(0));
        double sum = 0;
        int dim = x.length / 2;
        for (int d = 0; d < dim; d++) {
            double diff = x[d] - x[dim + d];
            sum += diff * diff;
        }
        return Math.sqrt(sum);
    }

    @Test
    void batchesKeepTheirInvariantsWithEitherIndex() {
        for (VectorSplit data : List.of(blobs(), mixed(200, 5, 3))) {
            for (IndexKind index : new IndexKind[] {IndexKind.EXACT, IndexKind.HNSW}) {
                checkInvariants(data, index, data.size() == 200);
            }
        }
    }

    private void checkInvariants(VectorSplit data, IndexKind index, boolean neighbourhoodsAreMixed) {
        int[] labels = data.labels();
        int mined = 0;
        SmartMiningSampler sampler = sampler(data, settings(index, 5, 6, 0.75), 3);
        for (int b = 0; b < 40; b++) {
            MinedBatch batch = sampler.nextMinedBatch();
            int[] items = batch.items();
            assertThat(items).hasSize(24);
            assertThat(Arrays.stream(items).distinct().count()).as("distinct items, batch %d", b).isEqualTo(24);
            assertThat(batch.count(Role.ANCHOR)).isEqualTo(2);
            NeighbourLists lists = sampler.neighbourLists();
            for (int p = 0; p < items.length; p++) {
                if (batch.roles()[p] != Role.ANCHOR) {
                    continue;
                }
                int anchor = items[p];
                int group = batch.groups()[p];
                Set<Integer> listed = new HashSet<>();
                for (int j : lists.row(anchor)) {
                    listed.add(j);
                }
                int positives = 0;
                for (int q = 0; q < items.length; q++) {
                    if (batch.groups()[q] != group) {
                        continue;
                    }
                    int item = items[q];
                    switch (batch.roles()[q]) {
                        case POSITIVE -> {
                            positives++;
                            assertThat(labels[item]).isEqualTo(labels[anchor]);
                        }
                        case MINED_NEGATIVE -> {
                            assertThat(labels[item]).as("mined negative's class").isNotEqualTo(labels[anchor]);
                            assertThat(listed).as("mined negative %d of anchor %d is in its neighbour list", item,
                                    anchor).contains(item);
                        }
                        case RANDOM_NEGATIVE -> assertThat(labels[item]).isNotEqualTo(labels[anchor]);
                        default -> { }
                    }
                }
                assertThat(positives).as("%s: positives of anchor %d in batch %d", index, anchor, b).isEqualTo(3);
            }
            // 0.75 x 2 anchors x 8 slots = 12 mined negatives at most; the rest random
            assertThat(batch.count(Role.MINED_NEGATIVE)).isLessThanOrEqualTo(12);
            assertThat(batch.count(Role.MINED_NEGATIVE) + batch.count(Role.RANDOM_NEGATIVE)).isEqualTo(16);
            mined += batch.count(Role.MINED_NEGATIVE);
        }
        if (neighbourhoodsAreMixed) { // 12-neighbour lists hold about 10 other-class items for 6 slots
            assertThat(mined).as("mined negatives in 40 batches, %s", index).isGreaterThan(40 * 12 * 9 / 10);
        }
    }

    @Test
    void neighbourListsAreTheExactNeighboursOfTheEmbeddings() {
        VectorSplit data = blobs();
        SmartMiningSampler sampler = sampler(data, settings(IndexKind.EXACT, 5, 6, 0.5), 1);
        sampler.nextBatch();
        float[] all = data.read(java.util.stream.IntStream.range(0, data.size()).toArray(), false, new Random(0));
        int[][] expected = NeighbourFixtures.bruteForce(all, data.size(), 4, 12);
        for (int i = 0; i < data.size(); i++) {
            assertThat(sampler.neighbourLists().row(i)).as("item %d", i).containsExactly(expected[i]);
        }
    }

    @Test
    void minedNegativesComeFromTheKNearestNeighboursWhenThoseSuffice() {
        VectorSplit data = mixed(300, 6, 4); // about 5 of every 6 neighbours are of another class
        SmartMiningSettings settings = new SmartMiningSettings(24, 2, 3, 8, 1000, 50, 100, IndexKind.EXACT, 0, 64, 8,
                40, 20, new Range(12, 2, 40), new Range(0.5, 0, 1));
        SmartMiningSampler sampler = sampler(data, settings, 5);
        for (int b = 0; b < 30; b++) {
            MinedBatch batch = sampler.nextMinedBatch();
            for (int p = 0; p < 24; p++) {
                if (batch.roles()[p] != Role.MINED_NEGATIVE) {
                    continue;
                }
                int anchor = anchorOf(batch, batch.groups()[p]);
                int[] nearest = Arrays.copyOf(sampler.neighbourLists().row(anchor), 12);
                assertThat(nearest).as("batch %d: within the 12 nearest of anchor %d", b, anchor)
                        .contains(batch.items()[p]);
            }
        }
    }

    private static int anchorOf(MinedBatch batch, int group) {
        for (int p = 0; p < batch.items().length; p++) {
            if (batch.roles()[p] == Role.ANCHOR && batch.groups()[p] == group) {
                return batch.items()[p];
            }
        }
        throw new AssertionError("no anchor in group " + group);
    }

    @Test
    void positivesAreTheFarthestClassMembersNotInTheBatch() {
        VectorSplit data = blobs();
        int[] labels = data.labels();
        SmartMiningSampler sampler = sampler(data, settings(IndexKind.EXACT, 100, 6, 0.5), 7);
        for (int b = 0; b < 30; b++) {
            MinedBatch batch = sampler.nextMinedBatch();
            Set<Integer> inBatch = new HashSet<>();
            Arrays.stream(batch.items()).forEach(inBatch::add);
            for (int p = 0; p < 24; p++) {
                if (batch.roles()[p] != Role.POSITIVE) {
                    continue;
                }
                int anchor = anchorOf(batch, batch.groups()[p]);
                double chosen = distance(data, anchor, batch.items()[p]);
                for (int j = 0; j < labels.length; j++) {
                    if (labels[j] == labels[anchor] && !inBatch.contains(j)) {
                        assertThat(distance(data, anchor, j)).as("unused item %d of anchor %d's class", j, anchor)
                                .isLessThanOrEqualTo(chosen + 1e-5);
                    }
                }
            }
        }
    }

    @Test
    void theMinedShareSetsHowManyNegativesAreMined() {
        VectorSplit data = mixed(300, 6, 8);
        SmartMiningSettings settings = new SmartMiningSettings(24, 2, 3, 8, 1000, 100, 50, IndexKind.EXACT, 0, 32, 8,
                40, 20, new Range(40, 2, 40), new Range(0.0, 0, 1)); // 40 neighbours: about 33 of other classes
        SmartMiningSampler sampler = sampler(data, settings, 2);
        Knob share = knob(sampler, SmartMiningSampler.MINED_SHARE_KNOB);
        assertThat(sampler.nextMinedBatch().count(Role.MINED_NEGATIVE)).isZero();
        share.set(1.0);
        MinedBatch all = sampler.nextMinedBatch();
        assertThat(all.count(Role.MINED_NEGATIVE)).isEqualTo(16);
        assertThat(all.count(Role.RANDOM_NEGATIVE)).isZero();
        share.set(0.3); // round(0.3 x 16) = 5
        assertThat(sampler.nextMinedBatch().count(Role.MINED_NEGATIVE)).isEqualTo(5);
    }

    @Test
    void aSmallerNeighbourhoodGivesCloserNegatives() {
        VectorSplit data = mixed(400, 4, 9);
        double[] meanDistance = new double[2];
        int[] ks = {2, 12};
        for (int run = 0; run < 2; run++) {
            SmartMiningSampler sampler = sampler(data, settings(IndexKind.EXACT, 1000, ks[run], 1.0), 6);
            double sum = 0;
            int count = 0;
            for (int b = 0; b < 60; b++) {
                MinedBatch batch = sampler.nextMinedBatch();
                for (int p = 0; p < 24; p++) {
                    if (batch.roles()[p] == Role.MINED_NEGATIVE) {
                        sum += distance(data, anchorOf(batch, batch.groups()[p]), batch.items()[p]);
                        count++;
                    }
                }
            }
            meanDistance[run] = sum / count;
        }
        assertThat(meanDistance[0]).as("k = 2 vs k = 12").isLessThan(meanDistance[1]);
    }

    @Test
    void knobsAreNamedBoundedAndPointTheRightWay() {
        SmartMiningSampler sampler = sampler(blobs(), settings(IndexKind.EXACT, 5, 6, 0.5), 1);
        Knob share = knob(sampler, SmartMiningSampler.MINED_SHARE_KNOB);
        Knob k = knob(sampler, SmartMiningSampler.NEIGHBOURS_KNOB);
        assertThat(share.harderWhenHigher()).isTrue();
        assertThat(k.harderWhenHigher()).isFalse();
        assertThat(share.value()).isEqualTo(0.5);
        assertThat(k.value()).isEqualTo(6);
        assertThat(new double[] {k.min(), k.max(), share.min(), share.max()}).containsExactly(2, 12, 0, 1);
    }

    private static Knob knob(SmartMiningSampler sampler, String name) {
        return sampler.knobs().stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow();
    }

    /** The identity plus a per-item shift that changes with {@code version}: a model that trains. */
    private static final class MovingEmbedder implements Embedder {
        private final VectorSplit data;
        final AtomicInteger calls = new AtomicInteger();
        int version;

        MovingEmbedder(VectorSplit data) {
            this.data = data;
        }

        @Override
        public ai.djl.ndarray.NDArray embed(int[] indices, NDManager manager) {
            calls.incrementAndGet();
            float[] x = data.read(indices, false, new Random(0));
            int dim = x.length / indices.length;
            for (int i = 0; i < indices.length; i++) {
                Random shift = new Random(31L * indices[i] + version);
                for (int d = 0; d < dim; d++) {
                    x[i * dim + d] += (float) (2 * shift.nextGaussian());
                }
            }
            return manager.create(x, new Shape(indices.length, dim));
        }
    }

    @Test
    void refreshesEveryRefreshBatchesAndEmbedsInChunks() {
        VectorSplit data = blobs(); // 160 items in chunks of 50: 4 calls per refresh
        MovingEmbedder embedder = new MovingEmbedder(data);
        SmartMiningSampler sampler = new SmartMiningSampler(data.labels(), settings(IndexKind.EXACT, 5, 6, 0.5),
                embedder, manager, new Random(1));
        assertThat(embedder.calls).hasValue(0);
        for (int b = 0; b < 11; b++) {
            sampler.nextBatch();
            assertThat(embedder.calls).as("after batch %d", b).hasValue(4 * (b / 5 + 1));
        }
        assertThat(sampler.lastRefresh()).hasValueSatisfying(t -> assertThat(t.batch()).isEqualTo(10));
    }

    @Test
    void aResumedSamplerRepeatsTheBatchesAcrossARefreshWhileTheModelMoves() throws IOException {
        VectorSplit data = blobs();
        MovingEmbedder original = new MovingEmbedder(data);
        SmartMiningSampler sampler = new SmartMiningSampler(data.labels(), settings(IndexKind.HNSW, 5, 6, 0.6),
                original, manager, new Random(4));
        for (int b = 0; b < 7; b++) { // refreshes at 0 and 5, the model at versions 0 and 5
            original.version = b;
            sampler.nextBatch();
        }
        knob(sampler, SmartMiningSampler.NEIGHBOURS_KNOB).set(9);
        knob(sampler, SmartMiningSampler.MINED_SHARE_KNOB).set(0.9);
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        sampler.saveState(new DataOutputStream(saved));
        int[][] expected = new int[12][];
        for (int b = 7; b < 19; b++) { // refreshes at 10 and 15
            original.version = b;
            expected[b - 7] = sampler.nextBatch();
        }

        MovingEmbedder resumedModel = new MovingEmbedder(data);
        SmartMiningSampler resumed = new SmartMiningSampler(data.labels(), settings(IndexKind.HNSW, 5, 6, 0.6),
                resumedModel, manager, new Random(99));
        resumed.loadState(new DataInputStream(new ByteArrayInputStream(saved.toByteArray())));
        assertThat(knob(resumed, SmartMiningSampler.NEIGHBOURS_KNOB).value()).isEqualTo(9);
        assertThat(knob(resumed, SmartMiningSampler.MINED_SHARE_KNOB).value()).isEqualTo(0.9);
        assertThat(resumed.batchesDrawn()).isEqualTo(7);
        for (int b = 7; b < 19; b++) {
            resumedModel.version = b;
            assertThat(resumed.nextBatch()).as("batch %d", b).containsExactly(expected[b - 7]);
            // batches 7..9 come from the restored lists of version 5: nothing is embedded before batch 10
            assertThat(resumedModel.calls.get()).as("embed calls after batch %d", b).isEqualTo(b < 10 ? 0 : b < 15 ? 4 : 8);
        }
    }

    @Test
    void stateSavedBeforeTheFirstBatchResumesToo() throws IOException {
        VectorSplit data = blobs();
        SmartMiningSampler sampler = sampler(data, settings(IndexKind.EXACT, 3, 6, 0.5), 8);
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        sampler.saveState(new DataOutputStream(saved));
        SmartMiningSampler resumed = sampler(data, settings(IndexKind.EXACT, 3, 6, 0.5), 0);
        resumed.loadState(new DataInputStream(new ByteArrayInputStream(saved.toByteArray())));
        for (int b = 0; b < 5; b++) {
            assertThat(resumed.nextBatch()).containsExactly(sampler.nextBatch());
        }
    }

    @Test
    void stateOfOtherDataOrAnotherShapeIsRejected() throws IOException {
        VectorSplit data = blobs();
        SmartMiningSampler sampler = sampler(data, settings(IndexKind.EXACT, 3, 6, 0.5), 8);
        sampler.nextBatch();
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        sampler.saveState(new DataOutputStream(saved));
        VectorSplit other = VectorSplit.gaussianClasses(new int[] {30, 25, 40, 12, 20, 34}, 4, 11);
        assertThatThrownBy(() -> sampler(other, settings(IndexKind.EXACT, 3, 6, 0.5), 8)
                .loadState(new DataInputStream(new ByteArrayInputStream(saved.toByteArray()))))
                .isInstanceOf(IOException.class).hasMessageContaining("other training data");
        SmartMiningSettings wider = new SmartMiningSettings(24, 2, 2, 8, 1000, 3, 50, IndexKind.EXACT, 0, 32, 8, 40, 20,
                new Range(6, 2, 12), new Range(0.5, 0, 1));
        assertThatThrownBy(() -> sampler(data, wider, 8)
                .loadState(new DataInputStream(new ByteArrayInputStream(saved.toByteArray()))))
                .isInstanceOf(IOException.class).hasMessageContaining("3 positives");
    }

    @Test
    void dataSmallerThanABatchStillGivesFullBatches() {
        float[][] vectors = {{0}, {1}, {2}, {10}, {11}};
        VectorSplit tiny = new VectorSplit(vectors, new int[] {0, 0, 0, 1, 1});
        SmartMiningSettings settings = new SmartMiningSettings(12, 2, 3, 2, 1000, 2, 2, IndexKind.AUTO, 100, 2, 4, 8, 4,
                new Range(3, 1, 8), new Range(1, 0, 1));
        SmartMiningSampler sampler = sampler(tiny, settings, 1);
        for (int b = 0; b < 10; b++) {
            MinedBatch batch = sampler.nextMinedBatch();
            assertThat(batch.items()).hasSize(12);
            assertThat(Arrays.stream(batch.items()).distinct().count()).isEqualTo(5); // every item, some twice
            for (int p = 0; p < 12; p++) {
                if (batch.roles()[p] == Role.ANCHOR) {
                    int anchor = batch.items()[p];
                    int label = tiny.labels()[anchor];
                    long sameClass = Arrays.stream(batch.items()).filter(i -> i != anchor && tiny.labels()[i] == label).count();
                    assertThat(sameClass).as("a positive for anchor %d", anchor).isPositive();
                }
            }
        }
    }

    @Test
    void unusableDataIsRejectedWithTheReason() {
        VectorSplit oneClass = new VectorSplit(new float[][] {{0}, {1}}, new int[] {3, 3});
        assertThatThrownBy(() -> sampler(oneClass, settings(IndexKind.EXACT, 3, 6, 0.5), 1))
                .hasMessageContaining("at least 2 classes");
        VectorSplit singletons = new VectorSplit(new float[][] {{0}, {1}}, new int[] {1, 2});
        assertThatThrownBy(() -> sampler(singletons, settings(IndexKind.EXACT, 3, 6, 0.5), 1))
                .hasMessageContaining("at least 2 items");
    }

    @Test
    void knobListIsStable() {
        List<Knob> knobs = sampler(blobs(), settings(IndexKind.EXACT, 3, 6, 0.5), 1).knobs();
        assertThat(knobs).extracting(Knob::name)
                .containsExactly(SmartMiningSampler.MINED_SHARE_KNOB, SmartMiningSampler.NEIGHBOURS_KNOB);
    }
}
