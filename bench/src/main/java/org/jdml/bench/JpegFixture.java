package org.jdml.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * A folder of generated JPEG photos for the {@code image-folder} dataset: one sub-folder per class
 * ({@code class-00}, ...), landscape images of {@code width x height} and every fourth one portrait.
 * Each image is a smooth colour gradient with a few soft blobs and pixel noise on top, so that it
 * compresses about as badly as a photo and decoding costs what a photo costs; flat or synthetic
 * patterns would make the decoder look faster than it is.
 */
final class JpegFixture {

    /** JPEG quality of the files, as cameras and photo sites write them. */
    private static final float QUALITY = 0.9f;
    /** Amplitude of the uniform pixel noise, in 8-bit levels. */
    private static final int NOISE = 12;

    /** What to write. */
    record Spec(int classes, int imagesPerClass, int width, int height, long seed) {

        Spec {
            if (classes < 2 || imagesPerClass < 1 || width < 1 || height < 1) {
                throw new IllegalArgumentException("a fixture needs at least 2 classes, 1 image per class and a "
                        + "positive size, not " + classes + " x " + imagesPerClass + " of " + width + " x " + height);
            }
        }

        int images() {
            return classes * imagesPerClass;
        }
    }

    /** What was written. */
    record Written(Spec spec, long bytes) {

        /** "400 JPEGs (10 classes x 40; 500 x 375, every fourth one portrait; 93 KB on average)". */
        String describe() {
            return String.format(Locale.ROOT, "%d JPEGs (%d classes x %d; %d x %d, every fourth one portrait; "
                    + "%.0f KB on average)", spec.images(), spec.classes(), spec.imagesPerClass(), spec.width(),
                    spec.height(), bytes / 1024.0 / spec.images());
        }
    }

    private JpegFixture() {}

    /** Writes the images into {@code dir} (created if missing; files of the same names are replaced). */
    static Written write(Path dir, Spec spec) throws IOException {
        Random random = new Random(spec.seed());
        long bytes = 0;
        for (int c = 0; c < spec.classes(); c++) {
            Path folder = Files.createDirectories(dir.resolve(String.format(Locale.ROOT, "class-%02d", c)));
            for (int i = 0; i < spec.imagesPerClass(); i++) {
                boolean portrait = i % 4 == 3;
                BufferedImage image = image(portrait ? spec.height() : spec.width(),
                        portrait ? spec.width() : spec.height(), random);
                Path file = folder.resolve(String.format(Locale.ROOT, "img-%03d.jpg", i));
                writeJpeg(image, file);
                bytes += Files.size(file);
            }
        }
        return new Written(spec, bytes);
    }

    /** A gradient between four random corner colours, three soft blobs, and noise. */
    static BufferedImage image(int width, int height, Random random) {
        int[][] corners = new int[4][3];
        for (int[] corner : corners) {
            for (int k = 0; k < 3; k++) {
                corner[k] = random.nextInt(256);
            }
        }
        double[][] blobs = new double[3][];
        for (int b = 0; b < blobs.length; b++) {
            // centre x, y, radius (in pixels), then a colour shift per channel
            blobs[b] = new double[] {random.nextDouble() * width, random.nextDouble() * height,
                (0.05 + 0.2 * random.nextDouble()) * Math.min(width, height), random.nextInt(161) - 80,
                random.nextInt(161) - 80, random.nextInt(161) - 80};
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[width];
        double[] weights = new double[blobs.length];
        for (int y = 0; y < height; y++) {
            double v = height == 1 ? 0 : (double) y / (height - 1);
            for (int x = 0; x < width; x++) {
                double u = width == 1 ? 0 : (double) x / (width - 1);
                for (int b = 0; b < blobs.length; b++) {
                    double dx = (x - blobs[b][0]) / blobs[b][2];
                    double dy = (y - blobs[b][1]) / blobs[b][2];
                    weights[b] = Math.exp(-(dx * dx + dy * dy));
                }
                int rgb = 0;
                for (int k = 0; k < 3; k++) {
                    double value = (1 - u) * (1 - v) * corners[0][k] + u * (1 - v) * corners[1][k]
                            + (1 - u) * v * corners[2][k] + u * v * corners[3][k];
                    for (int b = 0; b < blobs.length; b++) {
                        value += blobs[b][3 + k] * weights[b];
                    }
                    value += random.nextInt(2 * NOISE + 1) - NOISE;
                    rgb = rgb << 8 | Math.max(0, Math.min(255, (int) Math.round(value)));
                }
                row[x] = rgb;
            }
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        return image;
    }

    private static void writeJpeg(BufferedImage image, Path file) throws IOException {
        Files.deleteIfExists(file);  // the output stream would not truncate a longer old file
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    /** Deletes {@code dir} and everything in it. */
    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
