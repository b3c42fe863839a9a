package org.jdml.runner.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jdml.api.data.BatchSampler;
import ai.djl.ndarray.types.Shape;
import org.jdml.api.data.DataException;
import org.jdml.api.data.DataSplit;
import org.jdml.testkit.VectorSplit;
import org.junit.jupiter.api.Test;

class BatchPipelineTest {

    /** Batches {0,1}, {2,3}, ... over a split of 2-d vectors whose values are their index. */
    private static final class Counting implements BatchSampler {
        int next;

        @Override
        public int[] nextBatch() {
            int[] batch = {next % 20, (next + 1) % 20};
            next += 2;
            return batch;
        }
    }

    private static VectorSplit split() {
        float[][] vectors = new float[20][2];
        int[] labels = new int[20];
        for (int i = 0; i < 20; i++) {
            vectors[i] = new float[] {i, -i};
            labels[i] = i % 3;
        }
        return new VectorSplit(vectors, labels);
    }

    private static float[] values(ByteBuffer buffer) {
        float[] out = new float[buffer.remaining() / 4];
        buffer.duplicate().order(buffer.order()).asFloatBuffer().get(out);
        return out;
    }

    @Test
    void batchesComeInOrderWithTheirItemsAndLabelsWhileTheSamplerDrawsAhead() {
        Counting sampler = new Counting();
        try (BatchPipeline pipeline = new BatchPipeline(sampler, split(), 2, 2, false, 0, 0, 100)) {
            BatchPipeline.Batch first = pipeline.next(0);
            assertThat(first.indices()).containsExactly(0, 1);
            assertThat(first.labels()).containsExactly(0, 1);
            assertThat(values(first.items())).containsExactly(0f, 0f, 1f, -1f);
            // two batches wait behind the one returned
            assertThat(pipeline.drawnAhead()).containsExactly(new int[] {2, 3}, new int[] {4, 5});
            pipeline.release(first);
            for (long it = 1; it < 8; it++) {
                BatchPipeline.Batch b = pipeline.next(it);
                assertThat(b.indices()[0]).isEqualTo((int) (2 * it) % 20);
                assertThat(values(b.items())[0]).isEqualTo((float) ((2 * it) % 20));
                pipeline.release(b);
            }
            assertThatThrownBy(() -> pipeline.next(3)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void nothingIsDrawnAheadAcrossAnEpochBoundary() {
        Counting sampler = new Counting();
        // epochs of 3 iterations, prefetch 2
        try (BatchPipeline pipeline = new BatchPipeline(sampler, split(), 2, 2, false, 0, 0, 100, 3)) {
            pipeline.release(pipeline.next(0));
            assertThat(pipeline.drawnAhead()).hasSize(2); // iterations 1 and 2, both in epoch 1
            pipeline.release(pipeline.next(1));
            assertThat(pipeline.drawnAhead()).hasSize(1); // iteration 3 belongs to epoch 2: not yet
            pipeline.release(pipeline.next(2));
            assertThat(pipeline.drawnAhead()).isEmpty();
            assertThat(sampler.next).isEqualTo(6); // three batches of two so far
            // the epoch's first batch is drawn when it is asked for, then the pipeline reads ahead again
            BatchPipeline.Batch third = pipeline.next(3);
            assertThat(third.indices()).containsExactly(6, 7);
            assertThat(pipeline.drawnAhead()).hasSize(2);
            pipeline.release(third);
        }
    }

    @Test
    void nothingIsDrawnForIterationsPastTheEndOfTheRun() {
        Counting sampler = new Counting();
        try (BatchPipeline pipeline = new BatchPipeline(sampler, split(), 2, 3, false, 0, 0, 4)) {
            for (long it = 0; it < 4; it++) {
                pipeline.release(pipeline.next(it));
            }
            // four batches of two indices: the sampler stopped at the run's end despite prefetch 3
            assertThat(sampler.next).isEqualTo(8);
            assertThat(pipeline.drawnAhead()).isEmpty();
        }
    }

    @Test
    void aResumedPipelineReadsTheBatchesThatWereDrawnAheadFirst() {
        List<int[]> ahead = new ArrayList<>(List.of(new int[] {7, 8}, new int[] {9, 10}));
        Counting sampler = new Counting();
        sampler.next = 12;
        try (BatchPipeline pipeline = new BatchPipeline(sampler, split(), 2, 2, false, 0, 0, 100)) {
            pipeline.resume(5, ahead);
            assertThat(pipeline.next(5).indices()).containsExactly(7, 8);
            assertThat(pipeline.next(6).indices()).containsExactly(9, 10);
            assertThat(pipeline.next(7).indices()).containsExactly(12, 13);
        }
    }

    /** A split of 1-d items whose every read takes {@code millis}. */
    private static DataSplit slow(long millis) {
        return new DataSplit() {
            @Override
            public int size() {
                return 4;
            }

            @Override
            public int[] labels() {
                return new int[] {0, 0, 1, 1};
            }

            @Override
            public Shape itemShape() {
                return new Shape(1);
            }

            @Override
            public float[] read(int[] indices, boolean augment, Random random) {
                sleep(millis);
                return new float[indices.length];
            }
        };
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code batches} iterations, the consumer taking {@code stepMillis} per step. */
    private static BatchPipeline.DataWait consume(BatchPipeline pipeline, int batches, long stepMillis) {
        for (long it = 0; it < batches; it++) {
            BatchPipeline.Batch batch = pipeline.next(it);
            sleep(stepMillis);
            pipeline.release(batch);
        }
        return pipeline.dataWait();
    }

    @Test
    void withoutPrefetchEveryStepWaitsForTheWholeRead() {
        try (BatchPipeline pipeline = new BatchPipeline(() -> new int[] {0, 2}, slow(30), 2, 0, false, 0, 0, 100)) {
            BatchPipeline.DataWait wait = consume(pipeline, 6, 0);
            assertThat(wait.batches()).isEqualTo(6);
            assertThat(wait.batchesWaited()).isEqualTo(6);
            assertThat(wait.nanosWaited()).isGreaterThanOrEqualTo(6 * 30_000_000L);
        }
    }

    @Test
    void withPrefetchASlowerStepFindsMostBatchesReadAlready() {
        BatchPipeline.DataWait unbuffered;
        try (BatchPipeline pipeline = new BatchPipeline(() -> new int[] {0, 2}, slow(30), 2, 0, false, 0, 0, 100)) {
            unbuffered = consume(pipeline, 6, 100);
        }
        try (BatchPipeline pipeline = new BatchPipeline(() -> new int[] {0, 2}, slow(30), 2, 2, false, 0, 0, 100)) {
            BatchPipeline.DataWait first = consume(pipeline, 1, 0);
            // the first batch has nothing read ahead of it
            assertThat(first.batchesWaited()).isEqualTo(1);
            for (long it = 1; it < 6; it++) {
                BatchPipeline.Batch batch = pipeline.next(it);
                sleep(100);
                pipeline.release(batch);
            }
            BatchPipeline.DataWait rest = pipeline.dataWait().since(first);
            assertThat(rest.batches()).isEqualTo(5);
            assertThat(pipeline.dataWait().batchesWaited()).isLessThan(unbuffered.batchesWaited());
            assertThat(rest.batchesWaited()).isLessThan(rest.batches());
        }
    }

    @Test
    void theSamplersTimeIsCountedApartFromTheWait() {
        BatchSampler slowSampler = () -> {
            sleep(20);
            return new int[] {0, 2};
        };
        try (BatchPipeline pipeline = new BatchPipeline(slowSampler, split(), 2, 0, false, 0, 0, 100)) {
            BatchPipeline.DataWait wait = consume(pipeline, 5, 0);
            // five batches drawn, 20 ms each; reading the tiny split takes far less
            assertThat(wait.nanosSampling()).isGreaterThanOrEqualTo(5 * 20_000_000L);
            assertThat(wait.samplingSeconds()).isEqualTo(wait.nanosSampling() / 1e9);
            assertThat(wait.since(wait).nanosSampling()).isZero();
        }
    }

    @Test
    void withoutPrefetchAResumedPipelineReadsTheBatchesDrawnAheadWhenAskedFor() {
        Counting sampler = new Counting();
        sampler.next = 12;
        try (BatchPipeline pipeline = new BatchPipeline(sampler, split(), 2, 0, false, 0, 0, 100)) {
            pipeline.resume(3, List.of(new int[] {1, 2}));
            // resuming again drops the batch queued by the first resume, unread
            pipeline.resume(5, List.of(new int[] {7, 8}));
            BatchPipeline.Batch batch = pipeline.next(5);
            assertThat(batch.indices()).containsExactly(7, 8);
            assertThat(values(batch.items())).containsExactly(7f, -7f, 8f, -8f);
            assertThat(pipeline.next(6).indices()).containsExactly(12, 13);
        }
    }

    @Test
    void readErrorsReachTheTrainingThreadAndAugmentationIsSeededPerIteration() {
        DataSplit broken = new DataSplit() {
            @Override
            public int size() {
                return 2;
            }

            @Override
            public int[] labels() {
                return new int[] {0, 1};
            }

            @Override
            public Shape itemShape() {
                return new Shape(1);
            }

            @Override
            public float[] read(int[] indices, boolean augment, Random random) {
                throw new DataException("cannot read item " + indices[0]);
            }
        };
        try (BatchPipeline pipeline = new BatchPipeline(() -> new int[] {0, 1}, broken, 2, 1, true, 0, 0, 100)) {
            assertThatThrownBy(() -> pipeline.next(0)).isInstanceOf(DataException.class)
                    .hasMessageContaining("cannot read item 0");
        }
        assertThat(BatchPipeline.batchSeed(0, 5)).isEqualTo(BatchPipeline.batchSeed(0, 5))
                .isNotEqualTo(BatchPipeline.batchSeed(0, 6)).isNotEqualTo(BatchPipeline.batchSeed(1, 5));
    }
}
