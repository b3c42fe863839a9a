package org.jdml.dataset.internal;

import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.jdml.api.data.DataSplit;

/**
 * Small greyscale images kept as unsigned bytes (a quarter of the memory of floats) and converted on
 * {@link #read}: {@code (x / 255 - mean) / std}. Several splits may share one pixel array, each
 * naming its rows. No augmentation: the flag of {@code read} is ignored.
 */
public final class ByteImageSplit implements DataSplit {

    private final byte[] pixels;
    private final int[] rows;
    private final int[] labels;
    private final Shape itemShape;
    private final int itemSize;
    private final float[] lookup = new float[256];

    /**
     * @param pixels images one after the other, each {@code itemShape.size()} bytes
     * @param rows which images of {@code pixels} this split holds, in item order
     * @param labels the class of each item
     */
    public ByteImageSplit(byte[] pixels, int[] rows, int[] labels, Shape itemShape, double mean, double std) {
        if (rows.length != labels.length) {
            throw new IllegalArgumentException(rows.length + " rows but " + labels.length + " labels");
        }
        this.pixels = pixels;
        this.rows = rows;
        this.labels = labels;
        this.itemShape = itemShape;
        this.itemSize = Math.toIntExact(itemShape.size());
        for (int v = 0; v < 256; v++) {
            lookup[v] = (float) ((v / 255.0 - mean) / std);
        }
    }

    @Override
    public int size() {
        return rows.length;
    }

    @Override
    public int[] labels() {
        return labels;
    }

    @Override
    public Shape itemShape() {
        return itemShape;
    }

    /** The raw bytes of item {@code index} (a copy), for tests and previews. */
    public byte[] rawItem(int index) {
        byte[] out = new byte[itemSize];
        System.arraycopy(pixels, rows[index] * itemSize, out, 0, itemSize);
        return out;
    }

    @Override
    public float[] read(int[] indices, boolean augment, Random random) {
        float[] out = new float[indices.length * itemSize];
        for (int i = 0; i < indices.length; i++) {
            int from = rows[indices[i]] * itemSize;
            int to = i * itemSize;
            for (int j = 0; j < itemSize; j++) {
                out[to + j] = lookup[pixels[from + j] & 0xFF];
            }
        }
        return out;
    }
}
