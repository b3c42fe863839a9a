package org.jdml.loss.centroid;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;

/**
 * What a {@link CentroidBoundLoss} keeps besides its settings, as the block the host initialises,
 * trains and saves in checkpoints. Two optional parameters:
 *
 * <ul>
 *   <li>{@value #HEAD}, (C, D): the projection head, a linear layer without bias from the D-wide
 *       embedding to C outputs; trained with the network. Initialised uniform in ±1/√D with the
 *       engine's random generator, as PyTorch initialises a linear layer's weight.
 *   <li>{@value #CENTROIDS}, (C, W) with W the width the bound works in: the k-means centroids. No
 *       gradient, never seen by the optimizer; all zero until the loss computes them at the start of
 *       training, then frozen. Saving them in the checkpoint is what lets a resumed run keep them.
 * </ul>
 *
 * As a DJL block its forward pass takes (embeddings, labels) and returns the scalar loss.
 */
final class CentroidBoundParameters extends AbstractBlock {

    /** Serialisation version of the block's parameter file; raise it when the format changes. */
    static final byte VERSION = 1;

    static final String HEAD = "projection";
    static final String CENTROIDS = "centroids";

    /** The loss from (embeddings, labels, the head's weight or null, the centroids or null). */
    @FunctionalInterface
    interface LossFunction {
        NDArray apply(NDArray embeddings, NDArray labels, NDArray head, NDArray centroids);
    }

    private final Parameter head;
    private final Parameter centroids;
    private final LossFunction loss;

    CentroidBoundParameters(int classes, int dimension, int width, boolean withHead, boolean withCentroids,
            LossFunction loss) {
        super(VERSION);
        this.loss = loss;
        // Type OTHER: a host-wide initializer for WEIGHT parameters must not replace these
        this.head = withHead ? addParameter(Parameter.builder()
                .setName(HEAD)
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(classes, dimension))
                .optInitializer(new UniformInitializer((float) (1 / Math.sqrt(dimension))))
                .build()) : null;
        this.centroids = withCentroids ? addParameter(Parameter.builder()
                .setName(CENTROIDS)
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(classes, width))
                .optInitializer(new ConstantInitializer(0))
                .optRequiresGrad(false)
                .build()) : null;
    }

    /** The head's (C, D) weight, or null without a head. */
    Parameter head() {
        return head;
    }

    /** The (C, W) k-means centroids, or null for fixed centroids. */
    Parameter centroids() {
        return centroids;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray embeddings = inputs.get(0);
        NDArray w = head == null ? null : store.getValue(head, embeddings.getDevice(), training);
        NDArray c = centroids == null ? null : store.getValue(centroids, embeddings.getDevice(), false);
        return new NDList(loss.apply(embeddings, inputs.get(1), w, c));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape()};
    }
}
