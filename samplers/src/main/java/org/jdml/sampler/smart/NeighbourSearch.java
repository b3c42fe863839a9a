package org.jdml.sampler.smart;

/** Finds the nearest other rows of every row of a set of vectors, by Euclidean distance. */
public interface NeighbourSearch {

    /**
     * @param vectors row-major {@code count x dim}
     * @param k neighbours per row, at most {@code count - 1}
     * @return for every row its {@code k} nearest other rows, nearest first (never the row itself)
     */
    NeighbourLists search(float[] vectors, int count, int dim, int k);
}
