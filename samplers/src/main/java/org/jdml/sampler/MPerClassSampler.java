package org.jdml.sampler;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.jdml.api.RandomState;
import org.jdml.api.data.BatchSampler;
import org.jdml.sampler.internal.CyclicOrder;

/**
 * Batches of {@code batchSize / m} distinct classes with {@code m} items each, in blocks of
 * {@code m} consecutive indices per class.
 *
 * <p>Classes take turns: they are drawn from a shuffled class list that is walked through and
 * reshuffled when used up, so over a cycle every class appears equally often. Within a class, items
 * are drawn without replacement from the class's own shuffled order, which is reshuffled when used
 * up; a class with fewer than {@code m} items repeats items (sampling with replacement), each
 * item {@code m / n} or {@code m / n + 1} times in a batch. Everything
 * random comes from one {@link Random}, and the checkpointed state (that random source, the class
 * order and every class's order and position) makes a resumed run draw the same batches.
 */
public final class MPerClassSampler implements BatchSampler {

    private static final int STATE_FORMAT = 1;

    private final int m;
    private final int classesPerBatch;
    private final CyclicOrder classOrder;
    private final CyclicOrder[] itemOrders;
    private final int[] chosenClasses;
    private Random random;

    /**
     * @param labels the class of every training item
     * @param m items per class in a batch
     * @param batchSize a multiple of {@code m}; the data must hold at least {@code batchSize / m} classes
     */
    public MPerClassSampler(int[] labels, int m, int batchSize, Random random) {
        if (m <= 0 || batchSize <= 0 || batchSize % m != 0) {
            throw new IllegalArgumentException("batch size " + batchSize + " is not a positive multiple of m = " + m);
        }
        int[][] members = itemsByClass(labels);
        if (members.length < batchSize / m) {
            throw new IllegalArgumentException(
                    neededClassesMessage(batchSize, m, members.length));
        }
        this.m = m;
        this.classesPerBatch = batchSize / m;
        this.random = random;
        int[] classIds = new int[members.length];
        Arrays.setAll(classIds, c -> c);
        this.classOrder = new CyclicOrder(classIds, random);
        this.itemOrders = new CyclicOrder[members.length];
        for (int c = 0; c < members.length; c++) {
            itemOrders[c] = new CyclicOrder(members[c], random);
        }
        this.chosenClasses = new int[classesPerBatch];
    }

    /** "batch size 120 with m = 24 needs 5 distinct classes per batch, but the training data has 3". */
    static String neededClassesMessage(int batchSize, int m, int classes) {
        return "batch size " + batchSize + " with m = " + m + " needs " + batchSize / m
                + " distinct classes per batch, but the training data has " + classes;
    }

    /** Item indices grouped by class, classes in ascending label order. */
    static int[][] itemsByClass(int[] labels) {
        int[] distinct = Arrays.stream(labels).distinct().sorted().toArray();
        int[] counts = new int[distinct.length];
        int[] classOf = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            classOf[i] = Arrays.binarySearch(distinct, labels[i]);
            counts[classOf[i]]++;
        }
        int[][] members = new int[distinct.length][];
        for (int c = 0; c < distinct.length; c++) {
            members[c] = new int[counts[c]];
            counts[c] = 0;
        }
        for (int i = 0; i < labels.length; i++) {
            int c = classOf[i];
            members[c][counts[c]++] = i;
        }
        return members;
    }

    /** Items per class in each batch. */
    public int m() {
        return m;
    }

    /** Distinct classes in each batch. */
    public int classesPerBatch() {
        return classesPerBatch;
    }

    @Override
    public int[] nextBatch() {
        int[] batch = new int[classesPerBatch * m];
        classOrder.takeDistinct(classesPerBatch, chosenClasses, 0, random);
        for (int k = 0; k < classesPerBatch; k++) {
            // takeEvenly is takeDistinct when the class has at least m items
            itemOrders[chosenClasses[k]].takeEvenly(m, batch, k * m, random);
        }
        return batch;
    }

    @Override
    public void saveState(DataOutputStream out) throws IOException {
        out.writeInt(STATE_FORMAT);
        out.writeInt(m);
        out.writeInt(classesPerBatch);
        RandomState.write(out, random);
        classOrder.save(out);
        for (CyclicOrder items : itemOrders) {
            items.save(out);
        }
    }

    @Override
    public void loadState(DataInputStream in) throws IOException {
        int format = in.readInt();
        if (format != STATE_FORMAT) {
            throw new IOException("m-per-class sampler state has format " + format + ", this version reads "
                    + STATE_FORMAT);
        }
        int savedM = in.readInt();
        int savedClassesPerBatch = in.readInt();
        if (savedM != m || savedClassesPerBatch != classesPerBatch) {
            throw new IOException("checkpoint was written with m = " + savedM + " and " + savedClassesPerBatch
                    + " classes per batch, this sampler has m = " + m + " and " + classesPerBatch);
        }
        // read and check everything before changing anything, so a bad checkpoint leaves this sampler as it was
        Random restored = RandomState.read(in);
        CyclicOrder.Saved classes = classOrder.read(in, "the class order");
        CyclicOrder.Saved[] items = new CyclicOrder.Saved[itemOrders.length];
        for (int c = 0; c < itemOrders.length; c++) {
            items[c] = itemOrders[c].read(in, "class " + c);
        }
        classOrder.restore(classes);
        for (int c = 0; c < itemOrders.length; c++) {
            itemOrders[c].restore(items[c]);
        }
        random = restored;
    }
}
