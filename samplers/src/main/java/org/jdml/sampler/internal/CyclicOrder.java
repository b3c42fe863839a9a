package org.jdml.sampler.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;

/**
 * A fixed set of values walked through in a shuffled order that is reshuffled each time it runs out,
 * so every value gets its turn once per cycle (drawing without replacement across the cycle).
 *
 * <p>{@link #takeDistinct} never returns the same value twice in one call, even when the cycle ends
 * in the middle of it: values already taken are moved behind the part of the fresh order that the
 * call still needs. Nothing is allocated per call.
 */
public final class CyclicOrder {

    private final int[] order;
    private int position;

    /** Starts with {@code values} shuffled by {@code random}. The array is copied. */
    public CyclicOrder(int[] values, Random random) {
        if (values.length == 0) {
            throw new IllegalArgumentException("a cyclic order needs at least one value");
        }
        this.order = values.clone();
        shuffle(order, random);
    }

    /** Number of values in one cycle. */
    public int size() {
        return order.length;
    }

    /**
     * Writes {@code count} distinct values into {@code out[offset..offset+count)}.
     *
     * @throws IllegalArgumentException if {@code count} exceeds {@link #size()}
     */
    public void takeDistinct(int count, int[] out, int offset, Random random) {
        if (count > order.length) {
            throw new IllegalArgumentException("cannot take " + count + " distinct values out of " + order.length);
        }
        for (int i = 0; i < count; i++) {
            if (position == order.length) {
                reshuffleAvoiding(out, offset, i, count - i, random);
            }
            out[offset + i] = order[position++];
        }
    }

    /**
     * Writes {@code count} values into {@code out[offset..offset+count)}, which may exceed
     * {@link #size()}: every value {@code count / size()} times, then {@code count % size()} distinct
     * values taking their turns as in {@link #takeDistinct}. Each value thus appears as evenly as
     * possible within the call, and across calls the extra turns go round the cycle.
     */
    public void takeEvenly(int count, int[] out, int offset, Random random) {
        int copies = count / order.length;
        for (int copy = 0; copy < copies; copy++) {
            System.arraycopy(order, 0, out, offset + copy * order.length, order.length);
        }
        takeDistinct(count % order.length, out, offset + copies * order.length, random);
    }

    /**
     * Starts a new cycle whose first {@code needed} values avoid {@code out[offset..offset+taken)}.
     * There are at least {@code needed} such values because {@code taken + needed <= size()}.
     */
    private void reshuffleAvoiding(int[] out, int offset, int taken, int needed, Random random) {
        shuffle(order, random);
        position = 0;
        int free = needed; // first index at or after the prefix that may still hold a usable value
        for (int i = 0; i < needed; i++) {
            if (contains(out, offset, taken, order[i])) {
                while (contains(out, offset, taken, order[free])) {
                    free++;
                }
                int swap = order[i];
                order[i] = order[free];
                order[free++] = swap;
            }
        }
    }

    private static boolean contains(int[] values, int from, int length, int value) {
        for (int i = from; i < from + length; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }

    private static void shuffle(int[] values, Random random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }

    /** Writes the current order and position. */
    public void save(DataOutputStream out) throws IOException {
        out.writeInt(order.length);
        for (int value : order) {
            out.writeInt(value);
        }
        out.writeInt(position);
    }

    /** A saved order and position, checked against this order's values but not applied yet. */
    public record Saved(int[] order, int position) {}

    /**
     * Reads what {@link #save} wrote and checks it is a permutation of this order's values; apply
     * it with {@link #restore}, once everything of a checkpoint has been read.
     *
     * @param what names the order in error messages, e.g. "class 3"
     */
    public Saved read(DataInputStream in, String what) throws IOException {
        int length = in.readInt();
        if (length != order.length) {
            throw new IOException("checkpoint holds " + length + " values for " + what + " but the data has "
                    + order.length + ": the checkpoint belongs to other training data");
        }
        int[] saved = new int[length];
        for (int i = 0; i < length; i++) {
            saved[i] = in.readInt();
        }
        int savedPosition = in.readInt();
        if (savedPosition < 0 || savedPosition > length) {
            throw new IOException("checkpoint holds position " + savedPosition + " for " + what + " of "
                    + length + " values");
        }
        int[] mine = order.clone();
        int[] theirs = saved.clone();
        java.util.Arrays.sort(mine);
        java.util.Arrays.sort(theirs);
        if (!java.util.Arrays.equals(mine, theirs)) {
            throw new IOException("checkpoint holds other values for " + what
                    + " than the data has: the checkpoint belongs to other training data");
        }
        return new Saved(saved, savedPosition);
    }

    /**
     * Restores what {@link #save} wrote, in one step ({@link #read} then {@link #restore}).
     *
     * @param what names the order in error messages, e.g. "class 3"
     */
    public void load(DataInputStream in, String what) throws IOException {
        restore(read(in, what));
    }

    /** Continues from a state {@link #read} returned. */
    public void restore(Saved saved) {
        System.arraycopy(saved.order(), 0, order, 0, order.length);
        position = saved.position();
    }
}
