package org.jdml.dataset.image;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;

/**
 * A decoded image as packed 0xRRGGBB ints, and the one resampling step the pipeline needs: a
 * rectangle of the image scaled to a square, bilinear, with 2x2 averaging first while the rectangle
 * is more than twice the output (so large downscales do not alias).
 */
final class RgbImage {

    final int width;
    final int height;
    final int[] rgb;

    RgbImage(int width, int height, int[] rgb) {
        this.width = width;
        this.height = height;
        this.rgb = rgb;
    }

    /**
     * The image in sRGB, alpha dropped. Greyscale images (one band, or grey plus alpha) are taken
     * from their samples and repeated into R, G and B: going through Java2D's colour conversion
     * would treat the grey as linear and brighten it.
     */
    static RgbImage of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] rgb = new int[w * h];
        Raster raster = image.getRaster();
        ColorModel model = image.getColorModel();
        boolean grey = !(model instanceof IndexColorModel) && raster.getNumBands() <= 2
                && model.getColorSpace().getNumComponents() == 1;
        if (grey) {
            int bits = raster.getSampleModel().getSampleSize(0);
            int max = (1 << bits) - 1;
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    int v = bits == 8 ? row[x] : (int) Math.round(row[x] * 255.0 / max);
                    rgb[y * w + x] = v << 16 | v << 8 | v;
                }
            }
        } else if (!interleavedBytes(image, rgb) && !packedInts(image, rgb)) {
            // anything else (16-bit, indexed, other colour spaces) through its colour model: slower
            image.getRGB(0, 0, w, h, rgb, 0, w);
            for (int i = 0; i < rgb.length; i++) {
                rgb[i] &= 0xFFFFFF;
            }
        }
        return new RgbImage(w, h, rgb);
    }

    /**
     * Fast path for 8-bit sRGB pixels stored as interleaved bytes (what ImageIO gives for JPEG and
     * most PNGs, e.g. TYPE_3BYTE_BGR): read straight from the buffer instead of pixel by pixel
     * through the colour model, which costs as much as decoding.
     */
    private static boolean interleavedBytes(BufferedImage image, int[] rgb) {
        Raster raster = image.getRaster();
        ColorModel model = image.getColorModel();
        if (!(raster.getDataBuffer() instanceof DataBufferByte buffer)
                || !(raster.getSampleModel() instanceof PixelInterleavedSampleModel sampleModel)
                || model instanceof IndexColorModel || !model.getColorSpace().isCS_sRGB()
                || raster.getNumBands() < 3 || model.isAlphaPremultiplied()
                || buffer.getNumBanks() != 1) {
            return false;
        }
        for (int size : sampleModel.getSampleSize()) {
            if (size != 8) {
                return false;
            }
        }
        byte[] data = buffer.getData();
        int pixelStride = sampleModel.getPixelStride();
        int scanlineStride = sampleModel.getScanlineStride();
        int[] offsets = sampleModel.getBandOffsets();
        int base = buffer.getOffset() - raster.getSampleModelTranslateY() * scanlineStride
                - raster.getSampleModelTranslateX() * pixelStride;
        int w = image.getWidth();
        for (int y = 0; y < image.getHeight(); y++) {
            int at = base + y * scanlineStride;
            for (int x = 0; x < w; x++, at += pixelStride) {
                rgb[y * w + x] = (data[at + offsets[0]] & 255) << 16 | (data[at + offsets[1]] & 255) << 8
                        | (data[at + offsets[2]] & 255);
            }
        }
        return true;
    }

    /** Fast path for TYPE_INT_RGB and TYPE_INT_ARGB. */
    private static boolean packedInts(BufferedImage image, int[] rgb) {
        int type = image.getType();
        Raster raster = image.getRaster();
        if ((type != BufferedImage.TYPE_INT_RGB && type != BufferedImage.TYPE_INT_ARGB)
                || !(raster.getDataBuffer() instanceof DataBufferInt buffer)
                || !(raster.getSampleModel() instanceof java.awt.image.SinglePixelPackedSampleModel sampleModel)) {
            return false;
        }
        int[] data = buffer.getData();
        int scanlineStride = sampleModel.getScanlineStride();
        int base = buffer.getOffset() - raster.getSampleModelTranslateY() * scanlineStride
                - raster.getSampleModelTranslateX();
        int w = image.getWidth();
        for (int y = 0; y < image.getHeight(); y++) {
            int from = base + y * scanlineStride;
            for (int x = 0; x < w; x++) {
                rgb[y * w + x] = data[from + x] & 0xFFFFFF; // alpha dropped
            }
        }
        return true;
    }

    /**
     * The part of this image under {@code box}, its fractional edges widened to whole pixels and the
     * parts outside the image cut off (published boxes sometimes run a pixel past the border).
     *
     * @throws IOException when no pixel of the box lies inside the image
     */
    RgbImage cropTo(Box box) throws java.io.IOException {
        int x0 = (int) Math.floor(box.x());
        int y0 = (int) Math.floor(box.y());
        int x1 = (int) Math.min(width, Math.ceil(box.x() + box.width()));
        int y1 = (int) Math.min(height, Math.ceil(box.y() + box.height()));
        if (x0 >= x1 || y0 >= y1) {
            throw new java.io.IOException("its bounding " + box + " lies outside the " + width + "x" + height + " image");
        }
        int w = x1 - x0;
        int h = y1 - y0;
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(rgb, (y0 + y) * width + x0, out, y * w, w);
        }
        return new RgbImage(w, h, out);
    }

    /**
     * Scales the rectangle ({@code x0}, {@code y0}, {@code cw}, {@code ch}) of this image, in pixel
     * units and inside the image, to {@code size x size} packed RGB.
     */
    int[] resample(double x0, double y0, double cw, double ch, int size) {
        RgbImage source = this;
        while (cw >= 2.0 * size && ch >= 2.0 * size) {
            int ix = (int) Math.floor(x0);
            int iy = (int) Math.floor(y0);
            int iw = Math.min(source.width, (int) Math.ceil(x0 + cw)) - ix;
            int ih = Math.min(source.height, (int) Math.ceil(y0 + ch)) - iy;
            source = source.halve(ix, iy, iw, ih);
            x0 = (x0 - ix) / 2;
            y0 = (y0 - iy) / 2;
            cw /= 2;
            ch /= 2;
        }
        return source.bilinear(x0, y0, cw, ch, size);
    }

    /** The region (ix, iy, iw, ih) at half size, each pixel the mean of a 2x2 block. */
    private RgbImage halve(int ix, int iy, int iw, int ih) {
        int hw = Math.max(1, iw / 2);
        int hh = Math.max(1, ih / 2);
        int[] out = new int[hw * hh];
        for (int y = 0; y < hh; y++) {
            int r0 = (iy + Math.min(2 * y, ih - 1)) * width;
            int r1 = (iy + Math.min(2 * y + 1, ih - 1)) * width;
            for (int x = 0; x < hw; x++) {
                int c0 = ix + Math.min(2 * x, iw - 1);
                int c1 = ix + Math.min(2 * x + 1, iw - 1);
                int a = rgb[r0 + c0];
                int b = rgb[r0 + c1];
                int c = rgb[r1 + c0];
                int d = rgb[r1 + c1];
                int red = ((a >> 16 & 255) + (b >> 16 & 255) + (c >> 16 & 255) + (d >> 16 & 255) + 2) >> 2;
                int green = ((a >> 8 & 255) + (b >> 8 & 255) + (c >> 8 & 255) + (d >> 8 & 255) + 2) >> 2;
                int blue = ((a & 255) + (b & 255) + (c & 255) + (d & 255) + 2) >> 2;
                out[y * hw + x] = red << 16 | green << 8 | blue;
            }
        }
        return new RgbImage(hw, hh, out);
    }

    /**
     * Bilinear sampling at output pixel centres; coordinates outside the image are clamped to its
     * edge. Weights are fixed point in 1/256 steps, so the result is within one level of exact.
     */
    private int[] bilinear(double x0, double y0, double cw, double ch, int size) {
        int[] out = new int[size * size];
        int[] xl = new int[size];
        int[] xh = new int[size];
        int[] wx = new int[size];
        for (int ox = 0; ox < size; ox++) {
            double sx = clamp(x0 + (ox + 0.5) * cw / size - 0.5, width - 1);
            xl[ox] = (int) sx;
            xh[ox] = Math.min(xl[ox] + 1, width - 1);
            wx[ox] = (int) Math.round((sx - xl[ox]) * 256);
        }
        for (int oy = 0; oy < size; oy++) {
            double sy = clamp(y0 + (oy + 0.5) * ch / size - 0.5, height - 1);
            int yl = (int) sy;
            int yh = Math.min(yl + 1, height - 1);
            int wy = (int) Math.round((sy - yl) * 256);
            int rowL = yl * width;
            int rowH = yh * width;
            for (int ox = 0; ox < size; ox++) {
                int a = rgb[rowL + xl[ox]];
                int b = rgb[rowL + xh[ox]];
                int c = rgb[rowH + xl[ox]];
                int d = rgb[rowH + xh[ox]];
                int u = wx[ox];
                out[oy * size + ox] = lerp(a, b, c, d, u, wy, 16) << 16 | lerp(a, b, c, d, u, wy, 8) << 8
                        | lerp(a, b, c, d, u, wy, 0);
            }
        }
        return out;
    }

    /** One channel of the four neighbours, weighted; weights in 1/256, rounded to the nearest level. */
    private static int lerp(int a, int b, int c, int d, int u, int v, int shift) {
        int top = (a >> shift & 255) * (256 - u) + (b >> shift & 255) * u;
        int bottom = (c >> shift & 255) * (256 - u) + (d >> shift & 255) * u;
        return (top * (256 - v) + bottom * v + 32768) >> 16;
    }

    private static double clamp(double v, int max) {
        return v < 0 ? 0 : Math.min(v, max);
    }
}
