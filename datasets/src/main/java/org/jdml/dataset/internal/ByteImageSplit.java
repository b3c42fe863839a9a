package org.jdml.dataset.internal;

import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.function.IntFunction;
import javax.imageio.ImageIO;
import org.jdml.api.data.DataException;
import org.jdml.api.data.DataSplit;
import org.jdml.api.data.ItemImages;

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
    private final double mean;
    private final double std;
    private final IntFunction<String> classNames;
    private final IntFunction<String> sources;

    /**
     * @param pixels images one after the other, each {@code itemShape.size()} bytes
     * @param rows which images of {@code pixels} this split holds, in item order
     * @param labels the class of each item
     */
    public ByteImageSplit(byte[] pixels, int[] rows, int[] labels, Shape itemShape, double mean, double std) {
        this(pixels, rows, labels, itemShape, mean, std, Integer::toString, row -> "image " + row);
    }

    /**
     * @param classNames the name of each label
     * @param sources where image {@code row} of {@code pixels} comes from ("t10k-images-idx3-ubyte #17")
     */
    public ByteImageSplit(byte[] pixels, int[] rows, int[] labels, Shape itemShape, double mean, double std,
            IntFunction<String> classNames, IntFunction<String> sources) {
        if (rows.length != labels.length) {
            throw new IllegalArgumentException(rows.length + " rows but " + labels.length + " labels");
        }
        this.pixels = pixels;
        this.rows = rows;
        this.labels = labels;
        this.itemShape = itemShape;
        this.itemSize = Math.toIntExact(itemShape.size());
        this.mean = mean;
        this.std = std;
        this.classNames = classNames;
        this.sources = sources;
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

    @Override
    public String className(int label) {
        return classNames.apply(label);
    }

    @Override
    public String source(int index) {
        return sources.apply(rows[index]);
    }

    @Override
    public Optional<ItemImages> images() {
        return itemShape.dimension() == 3 && itemShape.get(0) == 1 ? Optional.of(new Greyscale()) : Optional.empty();
    }

    /**
     * The grey level of every pixel: the samples themselves for a grey picture (Java2D's colour
     * conversion would treat them as linear and brighten them), else the Rec. 601 luma of the sRGB values.
     */
    static double[] luminance(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        double[] out = new double[w * h];
        var raster = image.getRaster();
        boolean grey = !(image.getColorModel() instanceof java.awt.image.IndexColorModel) && raster.getNumBands() <= 2
                && image.getColorModel().getColorSpace().getNumComponents() == 1;
        if (grey) {
            double max = (1 << raster.getSampleModel().getSampleSize(0)) - 1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = raster.getSample(x, y, 0) * 255.0 / max;
                }
            }
        } else {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = image.getRGB(x, y);
                    out[y * w + x] = 0.299 * (p >> 16 & 255) + 0.587 * (p >> 8 & 255) + 0.114 * (p & 255);
                }
            }
        }
        return out;
    }

    /** Each output pixel the mean of the input pixels its box covers (at least the one under its centre). */
    static double[] boxResample(double[] in, int w, int h, int outW, int outH) {
        double[] out = new double[outW * outH];
        for (int y = 0; y < outH; y++) {
            int y0 = (int) Math.floor((double) y * h / outH);
            int y1 = Math.max(y0 + 1, (int) Math.floor((double) (y + 1) * h / outH));
            for (int x = 0; x < outW; x++) {
                int x0 = (int) Math.floor((double) x * w / outW);
                int x1 = Math.max(x0 + 1, (int) Math.floor((double) (x + 1) * w / outW));
                double sum = 0;
                for (int yy = y0; yy < Math.min(h, y1); yy++) {
                    for (int xx = x0; xx < Math.min(w, x1); xx++) {
                        sum += in[yy * w + xx];
                    }
                }
                out[y * outW + x] = sum / ((Math.min(h, y1) - y0) * (Math.min(w, x1) - x0));
            }
        }
        return out;
    }

    /** The items as grey pictures; a file is read as its grey level, box-averaged to the item size. */
    private final class Greyscale implements ItemImages {

        @Override
        public BufferedImage picture(int index, int maxSide) {
            int height = (int) itemShape.get(1);
            int width = (int) itemShape.get(2);
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
            image.getRaster().setDataElements(0, 0, width, height, rawItem(index));
            return image;
        }

        @Override
        public float[] readFile(Path file) {
            BufferedImage decoded;
            try {
                decoded = ImageIO.read(file.toFile());
            } catch (IOException | RuntimeException e) {
                throw new DataException("Cannot read image " + file + ": " + (e.getMessage() == null ? e : e.getMessage()),
                        e);
            }
            if (decoded == null) {
                throw new DataException("Cannot read image " + file + ": not a picture format this JVM decodes");
            }
            int height = (int) itemShape.get(1);
            int width = (int) itemShape.get(2);
            double[] grey = boxResample(luminance(decoded), decoded.getWidth(), decoded.getHeight(), width, height);
            float[] out = new float[grey.length];
            for (int i = 0; i < grey.length; i++) {
                out[i] = (float) ((Math.round(grey[i]) / 255.0 - mean) / std);
            }
            return out;
        }
    }
}
