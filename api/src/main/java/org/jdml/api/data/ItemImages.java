package org.jdml.api.data;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.jdml.api.Experimental;

/**
 * The pictures behind a split of images: what search results and the report show, and the
 * evaluation transform applied to a picture from outside the dataset (a search query).
 */
@Experimental("new; the report pictures may need more")
public interface ItemImages {

    /**
     * Item {@code index} as it is shown: the evaluation crop before normalisation, at most
     * {@code maxSide} pixels a side.
     *
     * @throws DataException naming the file when it cannot be read
     */
    BufferedImage picture(int index, int maxSide);

    /**
     * A picture file through the split's evaluation transform (no augmentation), laid out as one
     * item of {@link DataSplit#itemShape()}.
     *
     * @throws DataException naming the file when it cannot be read or decoded
     */
    float[] readFile(Path file);
}
