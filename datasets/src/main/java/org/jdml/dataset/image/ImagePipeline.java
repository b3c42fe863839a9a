package org.jdml.dataset.image;

import ai.djl.modality.cv.BufferedImageFactory;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/**
 * Decodes an image file and turns it into normalised CHW floats of {@code 3 x size x size}.
 *
 * <ul>
 *   <li>training: a random resized crop (area share in {@code crop-scale}, aspect ratio in {@code
 *       crop-ratio}, log-uniform, ten tries before falling back to a centre crop, as torchvision's
 *       RandomResizedCrop) scaled to {@code size}, mirrored with probability 1/2 when {@code flip};
 *   <li>evaluation: the shorter side scaled to {@code resize}, then the centre {@code size x size}
 *       (done as one crop and one resampling of the original);
 *   <li>then the channels in {@code channel-order} (RGB, or BGR for Caffe's weights), each value
 *       {@code x} in {@code value-range}'s units ({@code pixel / 255}, or the 8-bit {@code pixel}
 *       itself) and normalised as {@code (x - mean[c]) / std[c]}.
 * </ul>
 *
 * <p>Decoding goes through DJL's {@link ImageFactory}; the pixel work is done here on int arrays
 * because DJL's {@link Image} gives pixels only as NDArrays (an engine and a manager per worker
 * thread) and resizes without choosing the crop at sub-pixel precision. The JPEG plugin on the
 * classpath lets ImageIO read CMYK and YCCK JPEGs. Stateless and thread-safe.
 */
public final class ImagePipeline {

    private static final ImageFactory FACTORY = new BufferedImageFactory();
    private static final int CROP_TRIES = 10;

    private final ImageSettings settings;
    /** Output channel c's value for each 8-bit value of its source channel. */
    private final float[][] lookup = new float[3][256];
    /** Output channel c's source in a packed RGB int: 16 red, 8 green, 0 blue. */
    private final int[] shift = new int[3];

    public ImagePipeline(ImageSettings settings) {
        this.settings = settings;
        boolean unit = settings.valueRange() == ImageSettings.ValueRange.UNIT;
        for (int c = 0; c < 3; c++) {
            shift[c] = 16 - 8 * settings.sourceChannel(c);
            for (int v = 0; v < 256; v++) {
                double x = unit ? v / 255.0 : v;
                lookup[c][v] = (float) ((x - settings.mean()[c]) / settings.std()[c]);
            }
        }
    }

    public ImageSettings settings() {
        return settings;
    }

    /** Decodes {@code file} into sRGB. */
    static RgbImage decode(Path file) throws IOException {
        Image image = FACTORY.fromFile(file);
        return RgbImage.of((BufferedImage) image.getWrappedImage());
    }

    /** Decodes the item's file, cropped to its bounding box when it has one. */
    static RgbImage decode(ImageItem item) throws IOException {
        RgbImage image = decode(item.file());
        return item.box() == null ? image : image.cropTo(item.box());
    }

    /**
     * Reads {@code file} into {@code out[offset .. offset + 3 * size * size)}.
     *
     * @param random the item's own source of augmentation choices; unused when not augmenting
     * @throws IOException when the file cannot be read or decoded
     */
    public void load(Path file, boolean augment, Random random, float[] out, int offset) throws IOException {
        transform(decode(file), augment, random, out, offset);
    }

    /**
     * Reads {@code item} like {@link #load(Path, boolean, Random, float[], int)}; an item with a
     * bounding box is cropped to it first, and the crops and flips then work inside the box.
     *
     * @throws IOException when the file cannot be read or decoded, or its box lies outside the image
     */
    public void load(ImageItem item, boolean augment, Random random, float[] out, int offset) throws IOException {
        transform(decode(item), augment, random, out, offset);
    }

    /** The crop, flip and normalisation of {@link #load} on an image already decoded. */
    void transform(RgbImage image, boolean augment, Random random, float[] out, int offset) {
        int size = settings.size();
        double[] crop = augment ? randomResizedCrop(image.width, image.height, random)
                : centreCrop(image.width, image.height);
        boolean mirror = augment && settings.flip() && random.nextBoolean();
        int[] pixels = image.resample(crop[0], crop[1], crop[2], crop[3], size);
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int p = pixels[y * size + (mirror ? size - 1 - x : x)];
                int at = offset + y * size + x;
                out[at] = lookup[0][p >> shift[0] & 255];
                out[at + plane] = lookup[1][p >> shift[1] & 255];
                out[at + 2 * plane] = lookup[2][p >> shift[2] & 255];
            }
        }
    }

    /** {x, y, width, height}: the centre {@code size} square after scaling the shorter side to {@code resize}. */
    double[] centreCrop(int width, int height) {
        double side = (double) settings.size() * Math.min(width, height) / settings.resize();
        return new double[] {(width - side) / 2, (height - side) / 2, side, side};
    }

    /** {x, y, width, height} of a random crop with area share and aspect ratio in the configured ranges. */
    double[] randomResizedCrop(int width, int height, Random random) {
        double area = (double) width * height;
        double logMin = Math.log(settings.minRatio());
        double logMax = Math.log(settings.maxRatio());
        for (int i = 0; i < CROP_TRIES; i++) {
            double target = area * (settings.minScale() + random.nextDouble() * (settings.maxScale() - settings.minScale()));
            double ratio = Math.exp(logMin + random.nextDouble() * (logMax - logMin));
            int w = (int) Math.round(Math.sqrt(target * ratio));
            int h = (int) Math.round(Math.sqrt(target / ratio));
            if (w > 0 && h > 0 && w <= width && h <= height) {
                int x = random.nextInt(width - w + 1);
                int y = random.nextInt(height - h + 1);
                return new double[] {x, y, w, h};
            }
        }
        // no try fitted: the largest centred crop whose ratio is within range
        double inRatio = (double) width / height;
        double w = width;
        double h = height;
        if (inRatio < settings.minRatio()) {
            h = Math.round(w / settings.minRatio());
        } else if (inRatio > settings.maxRatio()) {
            w = Math.round(h * settings.maxRatio());
        }
        return new double[] {(width - w) / 2, (height - h) / 2, w, h};
    }
}
