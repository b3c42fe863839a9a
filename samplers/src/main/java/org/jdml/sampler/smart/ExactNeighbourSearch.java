package org.jdml.sampler.smart;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Brute-force neighbours on the engine: for a block of query rows, {@code 2 q.x - |x|^2} against all
 * rows (one matrix product; it orders rows as the squared distance {@code |q|^2 + |x|^2 - 2 q.x} does,
 * reversed), then the {@code k + 1} largest per row, of which the row itself is dropped. Memory per
 * block is {@code chunk x count} floats.
 */
public final class ExactNeighbourSearch implements NeighbourSearch {

    private final NDManager manager;
    private final int chunk;

    /**
     * @param manager parent of the temporary managers (its device does the work)
     * @param chunk query rows per block
     */
    public ExactNeighbourSearch(NDManager manager, int chunk) {
        if (chunk <= 0) {
            throw new IllegalArgumentException("chunk must be > 0, was " + chunk);
        }
        this.manager = manager;
        this.chunk = chunk;
    }

    @Override
    public NeighbourLists search(float[] vectors, int count, int dim, int k) {
        checkArguments(vectors, count, dim, k);
        int[] neighbours = new int[count * k];
        if (k == 0) {
            return new NeighbourLists(count, 0, neighbours);
        }
        try (NDManager search = manager.newSubManager()) {
            NDArray all = search.create(vectors, new Shape(count, dim));
            NDArray twiceAllT = all.transpose().mul(2);
            NDArray squares = all.square().sum(new int[] {1}).reshape(1, count);
            for (int start = 0; start < count; start += chunk) {
                int end = Math.min(count, start + chunk);
                try (NDManager block = search.newSubManager()) {
                    NDArray q = all.get(start + ":" + end);
                    q.attach(block);
                    // |q - x|^2 = |q|^2 + |x|^2 - 2 q.x; |q|^2 is the same along a row, so ranking by
                    // the largest 2 q.x - |x|^2 ranks by the smallest distance with one element-wise op
                    NDArray closeness = q.matMul(twiceAllT).sub(squares);
                    NDList top = closeness.topK(k + 1, 1, true, true);
                    long[] indices = top.get(1).toLongArray();
                    dropSelf(indices, start, end - start, k, neighbours);
                }
            }
        }
        return new NeighbourLists(count, k, neighbours);
    }

    /**
     * Copies each row's {@code k + 1} candidates without the row itself; when the row is not among them
     * (exact duplicates at distance 0 may push it out) the last candidate is dropped instead.
     */
    static void dropSelf(long[] candidates, int firstRow, int rows, int k, int[] out) {
        for (int r = 0; r < rows; r++) {
            int self = firstRow + r;
            int written = 0;
            for (int j = 0; j <= k && written < k; j++) {
                int candidate = (int) candidates[r * (k + 1) + j];
                if (candidate != self) {
                    out[self * k + written++] = candidate;
                }
            }
        }
    }

    static void checkArguments(float[] vectors, int count, int dim, int k) {
        if (count < 0 || dim < 0 || vectors.length != (long) count * dim) {
            throw new IllegalArgumentException(vectors.length + " values are not " + count + " vectors of "
                    + dim);
        }
        if (k < 0 || (count > 0 && k > count - 1) || (count == 0 && k != 0)) {
            throw new IllegalArgumentException("cannot find " + k + " neighbours among " + count + " vectors");
        }
    }
}
