package org.jdml.api.data;

import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.jdml.api.Stable;

/**
 * A labelled set of items (images, vectors) that batches are read from. Implementations must allow
 * {@link #read} from several threads at once: the host decodes batches ahead on workers.
 */
@Stable
public interface DataSplit {

    /** Number of items. */
    int size();

    /** The class of every item, in item order. Treat as read-only. */
    int[] labels();

    /** Shape of one item as the backbone receives it, e.g. (1, 28, 28) or (3, 224, 224) or (16). */
    Shape itemShape();

    /**
     * Reads items into one float array, item after item, each laid out as {@link #itemShape()}.
     *
     * @param augment apply training-time augmentation (random crops, flips); false for evaluation
     * @param random the source of every random choice an augmentation makes
     * @throws DataException naming the file and entry that could not be read
     */
    float[] read(int[] indices, boolean augment, Random random);

    /** The name of class {@code label} as the dataset knows it ("Sandal", "001.Black_footed_Albatross"). */
    default String className(int label) {
        return Integer.toString(label);
    }

    /** Where item {@code index} comes from, for people: its file, or its position in the dataset. */
    default String source(int index) {
        return "item " + index;
    }

    /** The pictures of the items, for splits of images; empty for vectors. */
    default java.util.Optional<ItemImages> images() {
        return java.util.Optional.empty();
    }

    /** Number of distinct labels. */
    default int classes() {
        return (int) java.util.Arrays.stream(labels()).distinct().count();
    }
}
