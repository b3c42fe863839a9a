package org.jdml.dataset.glyphs;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * Draws one character as a square grey image, white on black. The glyph's outline (unhinted, from
 * the font file) is filled by Java2D's own anti-aliasing rasteriser rather than drawn as text: text
 * drawing goes through the platform's font scaler and its hinting, which differ between machines,
 * while filling a shape is pure Java and gives the same pixels wherever the same JDK runs.
 *
 * <p>The font size is {@code fill} times the side (an em of 80 % of the box by default), and the
 * glyph's ink box is centred in the image. Not thread-safe: each thread uses its own renderer.
 */
public final class GlyphRenderer {

    private static final FontRenderContext UNHINTED = new FontRenderContext(null, true, true);

    private final int size;
    private final float fontSize;
    private final BufferedImage image;
    private final Graphics2D graphics;
    private final byte[] raster;

    /**
     * @param size side of the image in pixels
     * @param fill font size (em) as a share of the side
     */
    public GlyphRenderer(int size, double fill) {
        this.size = size;
        this.fontSize = (float) (fill * size);
        this.image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        this.raster = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        this.graphics = image.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        graphics.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        graphics.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        graphics.setStroke(new BasicStroke(1f));
    }

    public int size() {
        return size;
    }

    /**
     * The character {@code codePoint} of {@code face} (any size: it is scaled here), as
     * {@code size * size} bytes in row order, 0 black to 255 white. A character without ink (a space)
     * gives all zeros.
     */
    public byte[] render(Font face, int codePoint) {
        Font font = face.deriveFont(fontSize);
        GlyphVector glyphs = font.createGlyphVector(UNHINTED, Character.toChars(codePoint));
        Shape outline = glyphs.getOutline();
        Rectangle2D ink = outline.getBounds2D();
        graphics.setColor(Color.BLACK);
        graphics.setTransform(new AffineTransform());
        graphics.fillRect(0, 0, size, size);
        if (!ink.isEmpty()) {
            double dx = size / 2.0 - ink.getCenterX();
            double dy = size / 2.0 - ink.getCenterY();
            graphics.setColor(Color.WHITE);
            graphics.setTransform(AffineTransform.getTranslateInstance(dx, dy));
            graphics.fill(outline);
        }
        return raster.clone();
    }
}
