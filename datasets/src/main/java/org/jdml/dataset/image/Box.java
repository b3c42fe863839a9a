package org.jdml.dataset.image;

/**
 * A rectangle of an image in pixels, top-left origin: what a dataset's bounding-box list gives for
 * an item (CUB's {@code bounding_boxes.txt}, Cars196's {@code bbox_*} fields). Fractional edges are
 * widened to whole pixels when the image is cropped to it.
 *
 * @param x left edge, in pixels from the image's left side (>= 0)
 * @param y top edge, in pixels from the image's top (>= 0)
 * @param width width in pixels (> 0)
 * @param height height in pixels (> 0)
 */
public record Box(double x, double y, double width, double height) {

    public Box {
        if (!valid(x, y, width, height)) {
            throw new IllegalArgumentException("a box needs x, y >= 0 and width, height > 0, not x " + x + ", y " + y
                    + ", width " + width + ", height " + height);
        }
    }

    /** Whether the values can make a box: the check of the constructor, for loaders that report a line. */
    public static boolean valid(double x, double y, double width, double height) {
        return x >= 0 && y >= 0 && width > 0 && height > 0 && Double.isFinite(x + y + width + height);
    }

    @Override
    public String toString() {
        return "box (x " + x + ", y " + y + ", width " + width + ", height " + height + ")";
    }
}
