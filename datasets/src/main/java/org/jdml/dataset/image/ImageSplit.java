package org.jdml.dataset.image;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.jdml.api.data.DataException;
import org.jdml.api.data.DataSplit;
import org.jdml.api.data.ItemImages;

/**
 * Images decoded when read, in parallel on a {@link DecodePool}. Every random choice of a batch is
 * drawn on the calling thread first (one seed per item, in item order), so the floats do not depend
 * on which thread decodes what.
 *
 * <p>An image that cannot be decoded fails the read with a {@link DataException} naming the file
 * and where the dataset lists it. With {@code skip-unreadable}, it is recorded in the {@link
 * SkipLog} instead and replaced, now and in every later read, by the next readable image of the
 * same class (so labels and batch composition stay right).
 */
public final class ImageSplit implements DataSplit {

    private static final int BAD = 1;

    private final List<ImageItem> items;
    private final int[] labels;
    private final ImagePipeline pipeline;
    private final DecodePool pool;
    private final SkipLog skipLog;
    private final int[] nextOfClass;
    private final AtomicIntegerArray state;
    private final java.util.Map<Integer, String> classKeys = new java.util.HashMap<>();

    /**
     * @param labels the dense label of every item
     * @param skipLog where unreadable images go; null makes them fail the read
     */
    public ImageSplit(List<ImageItem> items, int[] labels, ImagePipeline pipeline, DecodePool pool, SkipLog skipLog) {
        if (items.size() != labels.length) {
            throw new IllegalArgumentException(items.size() + " items but " + labels.length + " labels");
        }
        this.items = List.copyOf(items);
        this.labels = labels;
        this.pipeline = pipeline;
        this.pool = pool;
        this.skipLog = skipLog;
        this.state = new AtomicIntegerArray(items.size());
        this.nextOfClass = nextOfSameClass(labels);
        for (int i = 0; i < labels.length; i++) {
            classKeys.putIfAbsent(labels[i], this.items.get(i).classKey());
        }
    }

    /** For each item, the next item of its class (cyclically). */
    private static int[] nextOfSameClass(int[] labels) {
        int[] next = new int[labels.length];
        java.util.Map<Integer, Integer> first = new java.util.HashMap<>();
        java.util.Map<Integer, Integer> last = new java.util.HashMap<>();
        for (int i = 0; i < labels.length; i++) {
            Integer previous = last.put(labels[i], i);
            if (previous == null) {
                first.put(labels[i], i);
            } else {
                next[previous] = i;
            }
        }
        last.forEach((label, i) -> next[i] = first.get(label));
        return next;
    }

    /** The items, in order. */
    public List<ImageItem> items() {
        return items;
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public int[] labels() {
        return labels;
    }

    @Override
    public Shape itemShape() {
        int size = pipeline.settings().size();
        return new Shape(3, size, size);
    }

    @Override
    public float[] read(int[] indices, boolean augment, Random random) {
        int itemSize = pipeline.settings().itemSize();
        float[] out = new float[indices.length * itemSize];
        long[] seeds = new long[indices.length];
        if (augment) {
            for (int i = 0; i < seeds.length; i++) {
                seeds[i] = random.nextLong();
            }
        }
        int tasks = Math.min(pool.threads(), indices.length);
        if (tasks <= 1) {
            readRange(indices, 0, indices.length, augment, seeds, out);
            return out;
        }
        List<Future<?>> futures = new ArrayList<>(tasks);
        for (int t = 0; t < tasks; t++) {
            int from = (int) ((long) indices.length * t / tasks);
            int to = (int) ((long) indices.length * (t + 1) / tasks);
            futures.add(pool.executor().submit(() -> readRange(indices, from, to, augment, seeds, out)));
        }
        RuntimeException failure = null;
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                // the first failing range in item order, so the message does not depend on timing
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r
                            : DataException.because("Cannot read images", e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(f -> f.cancel(true));
                throw new DataException("Interrupted while decoding images", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return out;
    }

    private void readRange(int[] indices, int from, int to, boolean augment, long[] seeds, float[] out) {
        int itemSize = pipeline.settings().itemSize();
        for (int i = from; i < to; i++) {
            readItem(indices[i], augment, seeds[i], out, i * itemSize);
        }
    }

    private void readItem(int index, boolean augment, long seed, float[] out, int offset) {
        int candidate = index;
        do {
            if (state.get(candidate) != BAD) {
                ImageItem item = items.get(candidate);
                try {
                    pipeline.load(item, augment, new Random(seed), out, offset);
                    return;
                } catch (IOException | RuntimeException e) {
                    String reason = e.getMessage() == null ? e.toString() : e.getMessage();
                    if (skipLog == null) {
                        throw new DataException("Cannot decode image " + item.describe() + ": " + reason
                                + " (set skip-unreadable = true to skip unreadable images)", e);
                    }
                    state.set(candidate, BAD);
                    skipLog.add(item, "cannot decode: " + reason);
                }
            }
            candidate = nextOfClass[candidate];
        } while (candidate != index);
        throw new DataException("No image of class " + labels[index] + " can be decoded; the first is "
                + items.get(index).describe() + " (see the skipped images)");
    }

    /** The class as the dataset names it (the folder, the product id, the CUB class name). */
    @Override
    public String className(int label) {
        return classKeys.getOrDefault(label, Integer.toString(label));
    }

    /** The image file. */
    @Override
    public String source(int index) {
        return items.get(index).file().toString();
    }

    @Override
    public java.util.Optional<ItemImages> images() {
        return java.util.Optional.of(new Pictures());
    }

    /** The evaluation crop of an item (unnormalised), and outside files through the evaluation transform. */
    private final class Pictures implements ItemImages {

        @Override
        public java.awt.image.BufferedImage picture(int index, int maxSide) {
            ImageItem item = items.get(index);
            try {
                RgbImage image = ImagePipeline.decode(item);
                double[] crop = pipeline.centreCrop(image.width, image.height);
                int side = Math.min(maxSide, pipeline.settings().size());
                int[] pixels = image.resample(crop[0], crop[1], crop[2], crop[3], side);
                java.awt.image.BufferedImage out = new java.awt.image.BufferedImage(side, side,
                        java.awt.image.BufferedImage.TYPE_INT_RGB);
                out.setRGB(0, 0, side, side, pixels, 0, side);
                return out;
            } catch (IOException | RuntimeException e) {
                throw new DataException("Cannot decode image " + item.describe() + ": "
                        + (e.getMessage() == null ? e : e.getMessage()), e);
            }
        }

        @Override
        public float[] readFile(java.nio.file.Path file) {
            float[] out = new float[pipeline.settings().itemSize()];
            try {
                pipeline.load(file, false, new Random(0), out, 0);
            } catch (IOException | RuntimeException e) {
                throw new DataException("Cannot read image " + file + ": " + (e.getMessage() == null ? e : e.getMessage()),
                        e);
            }
            return out;
        }
    }
}
