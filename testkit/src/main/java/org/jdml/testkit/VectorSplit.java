package org.jdml.testkit;

import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.jdml.api.data.DataSplit;
import org.jdml.api.data.Embedder;

/** A small in-memory split of labelled vectors, for sampler and miner tests. */
public final class VectorSplit implements DataSplit {

    private final float[][] vectors;
    private final int[] labels;

    public VectorSplit(float[][] vectors, int[] labels) {
        if (vectors.length != labels.length) {
            throw new IllegalArgumentException(vectors.length + " vectors but " + labels.length + " labels");
        }
        this.vectors = vectors;
        this.labels = labels;
    }

    /** Classes of the given sizes, each a Gaussian blob around its own random centre. */
    public static VectorSplit gaussianClasses(int[] sizes, int dim, long seed) {
        Random random = new Random(seed);
        int total = java.util.Arrays.stream(sizes).sum();
        float[][] vectors = new float[total][dim];
        int[] labels = new int[total];
        int i = 0;
        for (int c = 0; c < sizes.length; c++) {
            float[] centre = new float[dim];
            for (int d = 0; d < dim; d++) {
                centre[d] = (float) (3 * random.nextGaussian());
            }
            for (int n = 0; n < sizes[c]; n++, i++) {
                labels[i] = c;
                for (int d = 0; d < dim; d++) {
                    vectors[i][d] = centre[d] + (float) random.nextGaussian();
                }
            }
        }
        return new VectorSplit(vectors, labels);
    }

    /** An embedder that returns the vectors themselves. */
    public static Embedder identityEmbedder(DataSplit split) {
        return (indices, manager) -> manager.create(split.read(indices, false, new Random(0)),
                new Shape(indices.length, split.itemShape().get(0)));
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int[] labels() {
        return labels;
    }

    @Override
    public Shape itemShape() {
        return new Shape(vectors.length == 0 ? 0 : vectors[0].length);
    }

    @Override
    public float[] read(int[] indices, boolean augment, Random random) {
        int dim = vectors.length == 0 ? 0 : vectors[0].length;
        float[] out = new float[indices.length * dim];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(vectors[indices[i]], 0, out, i * dim, dim);
        }
        return out;
    }
}
