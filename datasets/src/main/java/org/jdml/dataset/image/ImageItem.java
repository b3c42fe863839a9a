package org.jdml.dataset.image;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One image as a dataset lists it.
 *
 * @param file the image file
 * @param classKey the class as the dataset names it ("17", "id_00000002", "cat")
 * @param source where the dataset lists it, for messages: "images.txt line 17", "cars_annos.mat
 *     annotations(3)", "folder cat"
 * @param box the region the model sees when the dataset crops to bounding boxes; null: the whole image
 */
public record ImageItem(Path file, String classKey, String source, Box box) {

    /** An item seen whole. */
    public ImageItem(Path file, String classKey, String source) {
        this(file, classKey, source, null);
    }

    /** The bounding box to crop to, if the dataset gave one and cropping is on. */
    public Optional<Box> crop() {
        return Optional.ofNullable(box);
    }

    /** "/data/cub/images/001/x.jpg (images.txt line 17)". */
    public String describe() {
        return file + " (" + source + ")";
    }
}
