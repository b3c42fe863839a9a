package org.jdml.loss.softtriple;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Objects;

/**
 * The learnable centres of a {@link SoftTripleLoss}: one parameter {@code centers} of shape (C·K, D),
 * row {@code c·K + k} being centre k of class c.
 *
 * <p>Initial values are uniform in ±1/√(C·K), drawn with the engine's random generator (reproducible
 * after {@code Engine.setRandomSeed}). That is the official code's Kaiming-uniform initialisation
 * (a = √5) of its (D, C·K) centre matrix, whose fan-in is C·K. Centres are normalised in every forward
 * pass, so the scale only sets how far one optimiser step turns them.
 *
 * <p>The host initialises the block with the shapes of the embeddings and the labels, trains its
 * parameter beside the backbone and saves it in checkpoints. As a DJL block its forward pass takes
 * (embeddings, labels) and returns the scalar loss, the same value {@link SoftTripleLoss#compute} gives.
 */
public final class SoftTripleCenters extends AbstractBlock {

    /** Serialisation version of the block's parameter file; raise it when the format changes. */
    public static final byte VERSION = 1;

    /** The parameter's name in checkpoints. */
    public static final String PARAMETER = "centers";

    /** The loss computed from (embeddings, class indices, centres). */
    @FunctionalInterface
    interface LossFunction {
        NDArray apply(NDArray embeddings, NDArray labels, NDArray centers);
    }

    private final Shape shape;
    private final Parameter centers;
    private final LossFunction loss;

    SoftTripleCenters(int classes, int perClass, int dimension, LossFunction loss) {
        super(VERSION);
        this.shape = new Shape((long) classes * perClass, dimension);
        this.loss = Objects.requireNonNull(loss, "loss");
        // Type OTHER: a host-wide initializer for WEIGHT parameters must not replace ours
        this.centers = addParameter(Parameter.builder()
                .setName(PARAMETER)
                .setType(Parameter.Type.OTHER)
                .optShape(shape)
                .optInitializer(new UniformInitializer((float) (1 / Math.sqrt((double) classes * perClass))))
                .build());
    }

    /** The (C·K, D) centres. */
    public Parameter centers() {
        return centers;
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        if (inputShapes.length > 0 && inputShapes[0].dimension() == 2 && inputShapes[0].get(1) != shape.get(1)) {
            throw new IllegalArgumentException("centres are " + shape.get(1) + "-dimensional, the embeddings "
                    + inputShapes[0] + " are not");
        }
        super.beforeInitialize(inputShapes);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray embeddings = inputs.get(0);
        NDArray w = store.getValue(centers, embeddings.getDevice(), training);
        return new NDList(loss.apply(embeddings, inputs.get(1), w));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape()};
    }

    /** Loads centres saved by {@link #saveParameters}, refusing a file whose centres have another shape. */
    @Override
    public void loadParameters(NDManager manager, DataInputStream in) throws IOException, MalformedModelException {
        super.loadParameters(manager, in);
        Shape loaded = centers.getArray().getShape();
        if (!loaded.equals(shape)) {
            throw new MalformedModelException("the saved centres have shape " + loaded + ", this loss has " + shape
                    + " (classes x centres per class, embedding size): the checkpoint belongs to another configuration");
        }
        // a loaded array is a plain array: make it trainable again
        centers.getArray().setRequiresGradient(centers.requiresGradient());
    }
}
