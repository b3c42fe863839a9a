package org.jdml.runner.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import org.jdml.api.data.BatchSampler;
import org.jdml.api.data.DataSplit;

/**
 * Training batches, read ahead: the sampler is asked for the indices of the next {@code prefetch}
 * batches on the training thread (samplers are not thread-safe and may embed with the model), and
 * the items are read on a background thread while the current step runs.
 *
 * <p>Batches land in a small pool of direct buffers that the engine wraps without copying; a buffer
 * returns to the pool when its iteration ends. Indices drawn but not yet trained on are part of a
 * checkpoint, so that a resumed run trains on exactly the same batches.
 *
 * <p>Nothing is drawn ahead across an epoch boundary: the first batch of an epoch is drawn when it
 * is asked for, after the previous epoch's last step. What a sampler or controller decides once per
 * epoch (a refresh of mined neighbours, a new κ) thus sees the whole previous epoch.
 *
 * <p>The pipeline counts how long {@link #next} blocks on items that are not read yet ({@link
 * #dataWait}): the time a training step waits for data. Without prefetch every read happens in
 * {@code next}, on the training thread, and all of it counts.
 */
public final class BatchPipeline implements AutoCloseable {

    /** One batch: the sampler's indices, their labels and the items (B x item size floats). */
    public record Batch(long iteration, int[] indices, long[] labels, ByteBuffer items) {}

    /**
     * How long {@link #next} waited for items, counted since the pipeline was built.
     *
     * @param batches batches returned by {@link #next}
     * @param batchesWaited those of them whose items were not read yet when asked for
     * @param nanosWaited the time {@link #next} spent waiting for them
     * @param nanosSampling the time the sampler took to choose batches on the training thread; a
     *     sampler that embeds the training set (smart mining's refresh) spends it there
     */
    public record DataWait(long batches, long batchesWaited, long nanosWaited, long nanosSampling) {

        /** What happened after {@code earlier}, a snapshot of the same pipeline. */
        public DataWait since(DataWait earlier) {
            return new DataWait(batches - earlier.batches, batchesWaited - earlier.batchesWaited,
                    nanosWaited - earlier.nanosWaited, nanosSampling - earlier.nanosSampling);
        }

        public double seconds() {
            return nanosWaited / 1e9;
        }

        public double samplingSeconds() {
            return nanosSampling / 1e9;
        }
    }

    private record Pending(long iteration, int[] indices, FutureTask<ByteBuffer> items) {}

    private final BatchSampler sampler;
    private final DataSplit split;
    private final int prefetch;
    private final boolean augment;
    private final long seed;
    private final long itemFloats;
    private final long endIteration;
    private final long epochLength;
    private final ExecutorService reader;
    private final BlockingQueue<ByteBuffer> pool;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private long nextToDraw;
    private long batches;
    private long batchesWaited;
    private long nanosWaited;
    private long nanosSampling;

    /**
     * @param firstIteration the iteration of the first batch {@link #next} returns
     * @param endIteration the run's iteration count: nothing is drawn for iterations from it on, so a
     *     sampler does no work (a smart-mining refresh, say) for batches that would never be trained on
     * @param seed seeds each batch's augmentation, together with its iteration
     */
    public BatchPipeline(BatchSampler sampler, DataSplit split, int batchSize, int prefetch, boolean augment, long seed,
            long firstIteration, long endIteration) {
        this(sampler, split, batchSize, prefetch, augment, seed, firstIteration, endIteration, Long.MAX_VALUE);
    }

    /**
     * @param epochLength iterations per epoch: batches are drawn ahead only within an epoch
     */
    public BatchPipeline(BatchSampler sampler, DataSplit split, int batchSize, int prefetch, boolean augment, long seed,
            long firstIteration, long endIteration, long epochLength) {
        if (epochLength < 1) {
            throw new IllegalArgumentException("epoch length must be >= 1, was " + epochLength);
        }
        this.epochLength = epochLength;
        this.sampler = sampler;
        this.split = split;
        this.prefetch = prefetch;
        this.augment = augment;
        this.seed = seed;
        this.itemFloats = split.itemShape().size();
        this.nextToDraw = firstIteration;
        this.endIteration = endIteration;
        this.reader = prefetch > 0 ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jdml-batch-reader");
            t.setDaemon(true);
            return t;
        }) : null;
        int buffers = prefetch + 2;
        this.pool = new ArrayBlockingQueue<>(buffers);
        for (int i = 0; i < buffers; i++) {
            pool.add(allocate(batchSize));
        }
    }

    private ByteBuffer allocate(int items) {
        return ByteBuffer.allocateDirect(Math.toIntExact(items * itemFloats * Float.BYTES)).order(ByteOrder.nativeOrder());
    }

    /** The batch of {@code iteration}; the sampler then draws ahead so that {@code prefetch} batches wait. */
    public Batch next(long iteration) {
        if (pending.isEmpty()) {
            draw();
        }
        Pending head = pending.removeFirst();
        if (head.iteration() != iteration) {
            throw new IllegalStateException("batch of iteration " + head.iteration() + " asked for as " + iteration);
        }
        while (pending.size() < prefetch && nextToDraw < endIteration
                && nextToDraw / epochLength == iteration / epochLength) {
            draw();
        }
        FutureTask<ByteBuffer> read = head.items();
        boolean ready = read.isDone();
        long start = System.nanoTime();
        if (reader == null) {
            read.run();
        }
        ByteBuffer items = await(read);
        if (!ready) {
            batchesWaited++;
            nanosWaited += System.nanoTime() - start;
        }
        batches++;
        return new Batch(iteration, head.indices(), labelsOf(head.indices()), items);
    }

    private static ByteBuffer await(FutureTask<ByteBuffer> read) {
        try {
            return read.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The waiting so far; {@link DataWait#since} gives it for a stretch of iterations. */
    public DataWait dataWait() {
        return new DataWait(batches, batchesWaited, nanosWaited, nanosSampling);
    }

    /** Gives a batch's buffer back once the arrays made from it are closed. */
    public void release(Batch batch) {
        batch.items().clear();
        pool.offer(batch.items());
    }

    private void draw() {
        long start = System.nanoTime();
        int[] indices = sampler.nextBatch();
        nanosSampling += System.nanoTime() - start;
        submit(nextToDraw++, indices);
    }

    /** Queues the read; without a reader thread, {@link #next} runs it when the batch is asked for. */
    private void submit(long iteration, int[] indices) {
        FutureTask<ByteBuffer> read = new FutureTask<>(() -> read(iteration, indices));
        if (reader != null) {
            reader.execute(read);
        }
        pending.addLast(new Pending(iteration, indices, read));
    }

    private ByteBuffer read(long iteration, int[] indices) {
        float[] values = split.read(indices, augment, new Random(batchSeed(seed, iteration)));
        ByteBuffer buffer;
        try {
            buffer = pool.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch buffer", e);
        }
        if (buffer.capacity() < values.length * Float.BYTES) {
            buffer = ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder());
        }
        buffer.clear();
        buffer.asFloatBuffer().put(values);
        buffer.limit(values.length * Float.BYTES);
        return buffer;
    }

    /** The seed of a batch's augmentation: the same for a batch whether or not the run was resumed. */
    static long batchSeed(long seed, long iteration) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + iteration).nextLong();
    }

    private long[] labelsOf(int[] indices) {
        int[] all = split.labels();
        long[] labels = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            labels[i] = all[indices[i]];
        }
        return labels;
    }

    /** Indices drawn but not yet returned by {@link #next}, oldest first (for checkpoints). */
    public List<int[]> drawnAhead() {
        List<int[]> ahead = new ArrayList<>();
        for (Pending p : pending) {
            ahead.add(p.indices());
        }
        return ahead;
    }

    /**
     * Continues a checkpointed run: the batches that were drawn ahead are read again, in order,
     * starting at {@code iteration}; the sampler continues after them.
     */
    public void resume(long iteration, List<int[]> drawnAhead) {
        cancelPending();
        nextToDraw = iteration;
        for (int[] indices : drawnAhead) {
            submit(nextToDraw++, indices);
        }
    }

    private void cancelPending() {
        for (Pending p : pending) {
            if (reader == null) {
                p.items().cancel(false);  // never started: holds no buffer
                continue;
            }
            try {
                pool.offer(p.items().get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException ignored) {
                // a failed read holds no buffer
            }
        }
        pending.clear();
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.shutdownNow();
        }
    }
}
