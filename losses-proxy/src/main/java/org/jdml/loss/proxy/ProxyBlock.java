package org.jdml.loss.proxy;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Objects;

/**
 * The learnable proxies of a {@link ProxyNcaLoss}: one parameter {@code proxies} of shape (P, D),
 * initialised from N(0, 1) with the engine's random generator, so that a run seeded through {@code
 * Engine.setRandomSeed} starts from the same proxies. The proxies are normalised in every forward pass,
 * so their scale matters only for how far one optimiser step turns them.
 *
 * <p>The host initialises the block with the shapes of the embeddings and the labels, trains its
 * parameter beside the backbone and saves it in checkpoints. As a DJL block its forward pass takes
 * (embeddings, labels) and returns the scalar loss, the same value {@link ProxyNcaLoss#compute} gives.
 */
public final class ProxyBlock extends AbstractBlock {

    /** Serialisation version of the block's parameter file; raise it when the format changes. */
    public static final byte VERSION = 1;

    /** The parameter's name in checkpoints. */
    public static final String PARAMETER = "proxies";

    /** The loss computed from (embeddings, class indices, proxies). */
    @FunctionalInterface
    interface LossFunction {
        NDArray apply(NDArray embeddings, NDArray labels, NDArray proxies);
    }

    private final Shape shape;
    private final Parameter proxies;
    private final LossFunction loss;

    ProxyBlock(int count, int dimension, LossFunction loss) {
        super(VERSION);
        this.shape = new Shape(count, dimension);
        this.loss = Objects.requireNonNull(loss, "loss");
        // Type OTHER: a host-wide initializer for WEIGHT parameters must not replace ours
        this.proxies = addParameter(Parameter.builder()
                .setName(PARAMETER)
                .setType(Parameter.Type.OTHER)
                .optShape(shape)
                .optInitializer(new NormalInitializer(1f))
                .build());
    }

    /** The (P, D) proxies. */
    public Parameter proxies() {
        return proxies;
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        if (inputShapes.length > 0 && inputShapes[0].dimension() == 2 && inputShapes[0].get(1) != shape.get(1)) {
            throw new IllegalArgumentException("proxies are " + shape.get(1) + "-dimensional, the embeddings "
                    + inputShapes[0] + " are not");
        }
        super.beforeInitialize(inputShapes);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray embeddings = inputs.get(0);
        NDArray p = store.getValue(proxies, embeddings.getDevice(), training);
        return new NDList(loss.apply(embeddings, inputs.get(1), p));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape()};
    }

    /** Loads proxies saved by {@link #saveParameters}, refusing a file whose proxies have another shape. */
    @Override
    public void loadParameters(NDManager manager, DataInputStream in) throws IOException, MalformedModelException {
        super.loadParameters(manager, in);
        Shape loaded = proxies.getArray().getShape();
        if (!loaded.equals(shape)) {
            throw new MalformedModelException("the saved proxies have shape " + loaded + ", this loss has "
                    + shape + " (proxies x embedding size): the checkpoint belongs to another configuration");
        }
        // a loaded array is a plain array: make it trainable again
        proxies.getArray().setRequiresGradient(proxies.requiresGradient());
    }
}
