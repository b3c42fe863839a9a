package org.jdml.dataset;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Small image files written by tests. */
public final class ImageFixtures {

    private ImageFixtures() {}

    /** An RGB image of one colour (0xRRGGBB). */
    public static BufferedImage solid(int width, int height, int rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    /** An RGB image of colour {@code background} with the rectangle (x, y, w, h) in {@code inside}. */
    public static BufferedImage framed(int width, int height, int background, int inside, int x, int y, int w, int h) {
        BufferedImage image = solid(width, height, background);
        for (int row = y; row < y + h; row++) {
            for (int column = x; column < x + w; column++) {
                image.setRGB(column, row, inside);
            }
        }
        return image;
    }

    /** An RGB image of random pixels. */
    public static BufferedImage noise(int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return image;
    }

    /** A one-band 8-bit greyscale image of one level. */
    public static BufferedImage grey(int width, int height, int level) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = image.getRaster();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setSample(x, y, 0, level);
            }
        }
        return image;
    }

    /** Writes {@code image} as PNG or JPEG, by the file's extension; creates the folders. */
    public static Path write(Path file, BufferedImage image) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        String format = name.endsWith(".png") ? "png" : "jpeg";
        if (!ImageIO.write(image, format, file.toFile())) {
            throw new IOException("no ImageIO writer for " + format);
        }
        return file;
    }

    /** A file with an image extension whose bytes are not an image. */
    public static Path corrupt(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, "this is not an image".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return file;
    }

    /**
     * A CMYK JPEG (Adobe marker, no colour transform) of one colour. Values are ink amounts 0..255;
     * they are stored inverted, as Adobe's CMYK JPEGs do.
     */
    public static Path cmykJpeg(Path file, int width, int height, int c, int m, int y, int k) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
        int[] ink = {255 - c, 255 - m, 255 - y, 255 - k};
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                raster.setPixel(col, row, ink);
            }
        }
        ImageWriter writer = null;
        for (Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext(); ) {
            ImageWriter candidate = it.next();
            if (candidate.getClass().getName().startsWith("com.sun.")) {
                writer = candidate; // the JDK's writer writes raw four-channel rasters
            }
        }
        if (writer == null) {
            throw new IOException("the JDK's JPEG writer is not available");
        }
        javax.imageio.ImageTypeSpecifier type = javax.imageio.ImageTypeSpecifier.createInterleaved(
                java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB), new int[] {0, 1, 2, 3},
                DataBuffer.TYPE_BYTE, true, false);
        IIOMetadata metadata = writer.getDefaultImageMetadata(type, null);
        String format = "javax_imageio_jpeg_image_1.0";
        Node tree = metadata.getAsTree(format);
        Node markers = tree.getFirstChild().getNextSibling();
        IIOMetadataNode adobe = new IIOMetadataNode("app14Adobe");
        adobe.setAttribute("version", "100");
        adobe.setAttribute("flags0", "0");
        adobe.setAttribute("flags1", "0");
        adobe.setAttribute("transform", "0");
        markers.insertBefore(adobe, markers.getFirstChild());
        for (Node n = markers.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeName().equals("sof")) {
                for (Node spec = n.getFirstChild(); spec != null; spec = spec.getNextSibling()) {
                    ((Element) spec).setAttribute("HsamplingFactor", "1");
                    ((Element) spec).setAttribute("VsamplingFactor", "1");
                }
            }
        }
        metadata.setFromTree(format, tree);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, metadata), null);
        } finally {
            writer.dispose();
        }
        return file;
    }
}
