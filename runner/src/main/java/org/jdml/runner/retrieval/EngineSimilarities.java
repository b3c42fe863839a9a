package org.jdml.runner.retrieval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import org.jdml.retrieval.Metric;
import org.jdml.retrieval.Similarities;

/** Similarity blocks computed by the engine (a matrix product), as the evaluation computes them. */
final class EngineSimilarities implements Similarities, AutoCloseable {

    private final NDManager manager;
    private final NDArray queries;
    private final NDArray galleryT;
    private final NDArray gallerySquared;

    EngineSimilarities(NDManager parent, float[] queries, float[] gallery, int dim, Metric metric) {
        this.manager = parent.newSubManager();
        this.queries = manager.create(queries).reshape(queries.length / dim, dim);
        NDArray g = manager.create(gallery).reshape(gallery.length / dim, dim);
        this.galleryT = g.transpose();
        this.gallerySquared = metric == Metric.EUCLIDEAN ? g.square().sum(new int[] {1}).reshape(1, -1) : null;
    }

    @Override
    public void block(int from, int to, float[] out) {
        try (NDManager block = manager.newSubManager()) {
            NDArray q = queries.get(new NDIndex("{}:{}", from, to));
            q.attach(block);
            NDArray s = q.matMul(galleryT);
            if (gallerySquared != null) {
                s = s.mul(2).sub(gallerySquared);
            }
            float[] values = s.toFloatArray();
            System.arraycopy(values, 0, out, 0, values.length);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
