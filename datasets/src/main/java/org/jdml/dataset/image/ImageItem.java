package org.jdml.dataset.image;

import java.nio.file.Path;

/**
 * One image as a dataset lists it.
 *
 * @param file the image file
 * @param classKey the class as the dataset names it ("17", "id_00000002", "cat")
 * @param source where the dataset lists it, for messages: "images.txt line 17", "cars_annos.mat
 *     annotations(3)", "folder cat"
 */
public record ImageItem(Path file, String classKey, String source) {

    /** "/data/cub/images/001/x.jpg (images.txt line 17)". */
    public String describe() {
        return file + " (" + source + ")";
    }
}
