package org.jdml.sampler.smart;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.jdml.api.data.Embedder;
import org.jdml.sampler.smart.AnchorTriplets.Source;
import org.jdml.sampler.smart.AnchorTriplets.Triplet;
import org.jdml.sampler.smart.SmartMiningSettings.RefreshEmbeddings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SmartMiningSamplerTest {

    /** 6 classes of 10 items, 8-d unit vectors scattered around a centre per class. */
    private static final int ITEMS = 60;
    private static final int DIM = 8;
    private static final int[] LABELS = IntStream.range(0, ITEMS).map(i -> i % 6).toArray();
    private static final float[] VECTORS = vectors();

    private NDManager manager;
    /** Every index the embedder was asked for, in order. */
    private final List<Integer> embedded = new ArrayList<>();

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static float[] vectors() {
        Random random = new Random(3);
        float[][] centres = new float[6][DIM];
        for (float[] c : centres) {
            for (int d = 0; d < DIM; d++) {
                c[d] = (float) random.nextGaussian();
            }
        }
        float[] out = new float[ITEMS * DIM];
        for (int i = 0; i < ITEMS; i++) {
            double norm = 0;
            for (int d = 0; d < DIM; d++) {
                out[i * DIM + d] = centres[LABELS[i]][d] + 1.2f * (float) random.nextGaussian();
                norm += out[i * DIM + d] * out[i * DIM + d];
            }
            for (int d = 0; d < DIM; d++) {
                out[i * DIM + d] /= (float) Math.sqrt(norm);
            }
        }
        return out;
    }

    private final Embedder lookup = (indices, m) -> {
        float[] out = new float[indices.length * DIM];
        for (int i = 0; i < indices.length; i++) {
            embedded.add(indices[i]);
            System.arraycopy(VECTORS, indices[i] * DIM, out, i * DIM, DIM);
        }
        return m.create(out, new Shape(indices.length, DIM));
    };

    private SmartMiningSampler sampler(int epochBatches, int warmup, double minedShare, RefreshEmbeddings embeddings) {
        SmartMiningSettings settings = new SmartMiningSettings(12, epochBatches, warmup, minedShare,
                new SmartMiningSettings.Range(1.5, 1, 8), 20, embeddings, 16, IndexKind.EXACT, 0, 16, 16, 100, 80);
        return new SmartMiningSampler(LABELS, settings, lookup, manager, new Random(7));
    }

    private static double squared(int a, int b) {
        double sum = 0;
        for (int d = 0; d < DIM; d++) {
            double diff = VECTORS[a * DIM + d] - VECTORS[b * DIM + d];
            sum += diff * diff;
        }
        return sum;
    }

    @Test
    void batchesAreTripletsOfTheRightClasses() {
        SmartMiningSampler sampler = sampler(5, 1, 1.0, RefreshEmbeddings.FULL);
        for (int b = 0; b < 15; b++) {
            int[] batch = sampler.nextBatch();
            assertThat(batch).hasSize(12);
            for (int t = 0; t < 4; t++) {
                int a = batch[3 * t];
                int p = batch[3 * t + 1];
                int n = batch[3 * t + 2];
                assertThat(p).isNotEqualTo(a);
                assertThat(LABELS[p]).isEqualTo(LABELS[a]);
                assertThat(LABELS[n]).isNotEqualTo(LABELS[a]);
            }
        }
    }

    @Test
    void warmUpBatchesHoldNoMinedTripletsAndEmbedNothing() {
        SmartMiningSampler sampler = sampler(5, 2, 1.0, RefreshEmbeddings.FULL);
        for (int b = 0; b < 10; b++) {
            assertThat(sampler.nextTriplets()).extracting(Triplet::source).containsOnly(Source.RANDOM);
        }
        assertThat(sampler.epochState()).containsEntry("mining", 0.0).containsEntry("random", 20.0)
                .containsEntry("mined", 0.0).doesNotContainKey("kappa");
        assertThat(embedded).isEmpty();
        // the third epoch mines: a refresh embeds every item once, and Algorithm 1 supplies the triplets
        Triplet[] first = sampler.nextTriplets();
        assertThat(embedded).hasSize(ITEMS);
        assertThat(first).extracting(Triplet::source).doesNotContain(Source.RANDOM);
        assertThat(sampler.epochState()).containsEntry("mining", 1.0).containsEntry("kappa", 1.5)
                .containsEntry("refresh-embedded-items", (double) ITEMS);
    }

    @Test
    void everyMinedTripletViolatesTheMarginAndLiesBeyondTheBound() {
        SmartMiningSampler sampler = sampler(40, 0, 1.0, RefreshEmbeddings.FULL);
        int mined = 0;
        for (int b = 0; b < 40; b++) {
            for (Triplet t : sampler.nextTriplets()) {
                if (t.source() != Source.MINED) {
                    continue;
                }
                mined++;
                double dap = Math.sqrt(squared(t.anchor(), t.positive()));
                double dan = Math.sqrt(squared(t.anchor(), t.negative()));
                // the paper's ratio loss with its margin 0.2 is positive: the triplet is active
                assertThat(1 - dan / (dap + 0.2)).isPositive();
                assertThat(dan).isLessThan(dap);
                int[] row = sampler.neighbourLists().row(t.anchor());
                int nearestPositive = Arrays.stream(row).filter(j -> LABELS[j] == LABELS[t.anchor()]).findFirst()
                        .orElseThrow();
                assertThat(squared(t.anchor(), t.negative())).isGreaterThan(1.5 * squared(t.anchor(), nearestPositive));
            }
        }
        assertThat(mined).isGreaterThan(20);
    }

    @Test
    void aNegativeServesAnAnchorOncePerEpoch() {
        // 40 batches of 4 triplets: 160 anchors over 60 items, so every anchor comes back within the epoch
        SmartMiningSampler sampler = sampler(40, 0, 1.0, RefreshEmbeddings.FULL);
        for (int epoch = 0; epoch < 2; epoch++) {
            Set<String> pairs = new HashSet<>();
            int repeatedAnchors = 0;
            Set<Integer> anchors = new HashSet<>();
            for (int b = 0; b < 40; b++) {
                for (Triplet t : sampler.nextTriplets()) {
                    if (!anchors.add(t.anchor())) {
                        repeatedAnchors++;
                    }
                    if (t.source() != Source.RANDOM) {
                        assertThat(pairs.add(t.anchor() + "-" + t.negative()))
                                .as("negative %d used twice for anchor %d", t.negative(), t.anchor()).isTrue();
                    }
                }
            }
            assertThat(repeatedAnchors).isGreaterThan(50);
        }
    }

    @Test
    void theMinedShareLeavesTheRestRandom() {
        SmartMiningSampler sampler = sampler(10, 0, 0.5, RefreshEmbeddings.FULL);
        for (int b = 0; b < 10; b++) {
            Triplet[] triplets = sampler.nextTriplets();
            // round(0.5 x 4) = 2 mined slots first, then 2 random triplets
            assertThat(triplets[2].source()).isEqualTo(Source.RANDOM);
            assertThat(triplets[3].source()).isEqualTo(Source.RANDOM);
        }
        var state = sampler.epochState();
        assertThat(state.get("random")).isEqualTo(20.0);
        assertThat(state.get("mined") + state.get("mined-random-positive") + state.get("mined-no-valid-negative"))
                .isEqualTo(20.0);
    }

    @Test
    void aRefreshReusesWhatTheLastEpochsStepsEmbeddedAndEmbedsOnlyTheRest() {
        SmartMiningSampler sampler = sampler(5, 1, 1.0, RefreshEmbeddings.REUSE_TRAINING);
        Set<Integer> seen = new HashSet<>();
        for (int b = 0; b < 5; b++) {
            int[] batch = sampler.nextBatch();
            // the training step's embeddings differ from the embedder's: twice the vector
            float[] values = new float[batch.length * DIM];
            for (int i = 0; i < batch.length; i++) {
                for (int d = 0; d < DIM; d++) {
                    values[i * DIM + d] = 2 * VECTORS[batch[i] * DIM + d];
                }
                seen.add(batch[i]);
            }
            sampler.observe(batch, values, DIM);
        }
        assertThat(embedded).isEmpty();
        sampler.nextBatch(); // the second epoch's refresh
        assertThat(new HashSet<>(embedded)).doesNotContainAnyElementsOf(seen).hasSize(ITEMS - seen.size());
        assertThat(embedded).hasSize(ITEMS - seen.size());
        WholeSetEmbedding refresh = sampler.embedding();
        int observedItem = seen.iterator().next();
        int freshItem = IntStream.range(0, ITEMS).filter(i -> !seen.contains(i)).findFirst().orElseThrow();
        assertThat(refresh.values()[observedItem * DIM]).isEqualTo(2 * VECTORS[observedItem * DIM]);
        assertThat(refresh.values()[freshItem * DIM]).isEqualTo(VECTORS[freshItem * DIM]);
        assertThat(sampler.epochState()).containsEntry("refresh-reused-items", (double) seen.size());
    }

    @Test
    void aFullRefreshEmbedsEverythingEvenAfterObserving() {
        SmartMiningSampler sampler = sampler(5, 1, 1.0, RefreshEmbeddings.FULL);
        for (int b = 0; b < 5; b++) {
            int[] batch = sampler.nextBatch();
            sampler.observe(batch, new float[batch.length * DIM], DIM);
        }
        sampler.nextBatch();
        assertThat(embedded).hasSize(ITEMS);
    }

    @Test
    void aRestoredSamplerDrawsTheSameTripletsMidEpoch() throws IOException {
        SmartMiningSampler sampler = sampler(8, 1, 0.75, RefreshEmbeddings.REUSE_TRAINING);
        for (int b = 0; b < 11; b++) {
            int[] batch = sampler.nextBatch();
            sampler.observe(batch, Arrays.copyOf(VECTORS, batch.length * DIM), DIM);
        }
        sampler.knobs().get(0).set(2.5); // the next refresh's kappa
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        sampler.saveState(new DataOutputStream(saved));
        List<int[]> expected = new ArrayList<>();
        for (int b = 0; b < 20; b++) {
            int[] batch = sampler.nextBatch();
            sampler.observe(batch, Arrays.copyOf(VECTORS, batch.length * DIM), DIM);
            expected.add(batch);
        }
        SmartMiningSampler resumed = sampler(8, 1, 0.75, RefreshEmbeddings.REUSE_TRAINING);
        resumed.loadState(new DataInputStream(new ByteArrayInputStream(saved.toByteArray())));
        assertThat(resumed.knobs().get(0).value()).isEqualTo(2.5);
        for (int[] batch : expected) {
            int[] again = resumed.nextBatch();
            assertThat(again).containsExactly(batch);
            resumed.observe(again, Arrays.copyOf(VECTORS, again.length * DIM), DIM);
        }
        assertThat(resumed.epochState()).isEqualTo(sampler.epochState()).containsKey("refresh-reused-items");
    }
}
