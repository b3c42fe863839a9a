package org.jdml.spark;

import java.io.Serializable;
import java.util.List;

/**
 * The embeddings of one partition's items: consecutive items {@code start ...} of a split, with their
 * labels and sources, and what the dataset skipped as unreadable while reading them.
 *
 * @param vectors row-major, {@code labels.length x dim}
 */
record EmbeddedPart(int start, int[] labels, String[] sources, float[] vectors, int dim, List<String> skipped)
        implements Serializable {

    int size() {
        return labels.length;
    }
}
