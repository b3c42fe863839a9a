package org.jdml.sampler.smart;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * For every item of a set, the indices of its {@code k} nearest other items, nearest first: one flat
 * {@code int[items * k]}, row {@code i} at {@code [i * k, (i + 1) * k)}.
 */
public final class NeighbourLists {

    private final int items;
    private final int k;
    private final int[] neighbours;

    /**
     * @param neighbours row-major {@code items x k}; kept, not copied
     */
    public NeighbourLists(int items, int k, int[] neighbours) {
        if (items < 0 || k < 0 || neighbours.length != (long) items * k) {
            throw new IllegalArgumentException(neighbours.length + " neighbour indices for " + items
                    + " items with " + k + " neighbours each");
        }
        this.items = items;
        this.k = k;
        this.neighbours = neighbours;
    }

    /** Number of items (rows). */
    public int items() {
        return items;
    }

    /** Neighbours per item. */
    public int k() {
        return k;
    }

    /** The {@code rank}-th nearest neighbour of {@code item}, from 0. */
    public int get(int item, int rank) {
        return neighbours[item * k + rank];
    }

    /** A copy of the row of {@code item}, nearest first. */
    public int[] row(int item) {
        int[] row = new int[k];
        System.arraycopy(neighbours, item * k, row, 0, k);
        return row;
    }

    /** Writes the lists in one block (the stream need not be buffered). */
    void save(DataOutputStream out) throws IOException {
        out.writeInt(items);
        out.writeInt(k);
        ByteBuffer bytes = ByteBuffer.allocate(neighbours.length * Integer.BYTES);
        bytes.asIntBuffer().put(neighbours);
        out.write(bytes.array());
    }

    /** Reads what {@link #save} wrote, checking that it is about {@code expectedItems} items. */
    static NeighbourLists load(DataInputStream in, int expectedItems) throws IOException {
        int items = in.readInt();
        int k = in.readInt();
        if (items != expectedItems || k < 0 || k >= Math.max(1, items)) {
            throw new IOException("checkpoint holds neighbour lists of " + items + " items with " + k
                    + " neighbours each, but the training data has " + expectedItems
                    + " items: the checkpoint belongs to other training data");
        }
        byte[] bytes = new byte[items * k * Integer.BYTES];
        in.readFully(bytes);
        int[] neighbours = new int[items * k];
        ByteBuffer.wrap(bytes).asIntBuffer().get(neighbours);
        for (int value : neighbours) {
            if (value < 0 || value >= items) {
                throw new IOException("checkpoint holds neighbour " + value + " outside the " + items
                        + " training items");
            }
        }
        return new NeighbourLists(items, k, neighbours);
    }
}
