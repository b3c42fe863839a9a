package org.jdml.sampler.smart;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.jdml.api.data.Embedder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embeddings of every training item under the model as it was at one refresh, row-major
 * {@code items x dim}, kept in Java memory (35,000 x 64 floats are 9 MB) for the per-batch choice of
 * hardest positives.
 *
 * @param values row-major {@code items x dim}
 */
public record WholeSetEmbedding(int items, int dim, float[] values) {

    private static final Logger LOG = LoggerFactory.getLogger(WholeSetEmbedding.class);

    public WholeSetEmbedding {
        if (values.length != (long) items * dim) {
            throw new IllegalArgumentException(values.length + " values are not " + items + " x " + dim);
        }
    }

    /**
     * Embeds items {@code 0 .. items-1} in chunks, each in a manager of its own that is closed before
     * the next, and logs progress about every tenth of a set of more than ten chunks.
     */
    public static WholeSetEmbedding embed(Embedder embedder, NDManager manager, int items, int chunk) {
        int[] all = new int[items];
        for (int i = 0; i < items; i++) {
            all[i] = i;
        }
        float[] values = embedRows(embedder, manager, all, chunk, -1);
        int dim = items == 0 ? 0 : values.length / items;
        return new WholeSetEmbedding(items, dim, values);
    }

    /**
     * The embeddings of {@code indices}, row-major in their order, embedded {@code chunk} items per
     * call, each call in a manager of its own; progress is logged about every tenth when there are more
     * than ten chunks.
     *
     * @param dim the expected embedding size, or -1 to take the embedder's
     */
    public static float[] embedRows(Embedder embedder, NDManager manager, int[] indices, int chunk, int dim) {
        int items = indices.length;
        float[] values = dim >= 0 ? new float[Math.multiplyExact(items, dim)] : null;
        boolean reportProgress = items > 10L * chunk;
        int nextReport = Math.max(1, items / 10);
        long start = System.nanoTime();
        for (int first = 0; first < items; first += chunk) {
            int count = Math.min(chunk, items - first);
            int[] part = java.util.Arrays.copyOfRange(indices, first, first + count);
            try (NDManager scope = manager.newSubManager()) {
                NDArray embedded = embedder.embed(part, scope);
                if (embedded.getShape().dimension() != 2 || embedded.getShape().get(0) != count) {
                    throw new IllegalStateException("the embedder returned shape " + embedded.getShape() + " for "
                            + count + " items; expected (" + count + ", D)");
                }
                if (values == null) {
                    dim = (int) embedded.getShape().get(1);
                    values = new float[Math.multiplyExact(items, dim)];
                } else if (embedded.getShape().get(1) != dim) {
                    throw new IllegalStateException("the embedder returned " + embedded.getShape().get(1)
                            + " dimensions, expected " + dim);
                }
                float[] chunkValues = embedded.toType(DataType.FLOAT32, false).toFloatArray();
                System.arraycopy(chunkValues, 0, values, first * dim, chunkValues.length);
            }
            int done = first + count;
            if (reportProgress && (done >= nextReport || done == items)) {
                LOG.info("smart-mining: embedded {}/{} training items ({} s)", done, items,
                        String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
                nextReport = done + Math.max(1, items / 10);
            }
        }
        return values == null ? new float[0] : values;
    }

    /** Squared Euclidean distance between items {@code a} and {@code b}. */
    public double squaredDistance(int a, int b) {
        int offsetA = a * dim;
        int offsetB = b * dim;
        double sum = 0;
        for (int d = 0; d < dim; d++) {
            double diff = values[offsetA + d] - values[offsetB + d];
            sum += diff * diff;
        }
        return sum;
    }

    /** Writes the embeddings in one block (the stream need not be buffered). */
    void save(DataOutputStream out) throws IOException {
        out.writeInt(items);
        out.writeInt(dim);
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES);
        bytes.asFloatBuffer().put(values);
        out.write(bytes.array());
    }

    /** Reads what {@link #save} wrote, checking that it is about {@code expectedItems} items. */
    static WholeSetEmbedding load(DataInputStream in, int expectedItems) throws IOException {
        int items = in.readInt();
        int dim = in.readInt();
        if (items != expectedItems || dim < 0) {
            throw new IOException("checkpoint holds embeddings of " + items + " items, but the training data has "
                    + expectedItems + " items: the checkpoint belongs to other training data");
        }
        byte[] bytes = new byte[Math.multiplyExact(Math.multiplyExact(items, dim), Float.BYTES)];
        in.readFully(bytes);
        float[] values = new float[items * dim];
        ByteBuffer.wrap(bytes).asFloatBuffer().get(values);
        return new WholeSetEmbedding(items, dim, values);
    }
}
