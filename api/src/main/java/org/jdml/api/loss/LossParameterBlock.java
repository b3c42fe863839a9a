package org.jdml.api.loss;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Objects;
import org.jdml.api.Experimental;

/**
 * The learnable matrix of a loss (proxies, class centres) as the block {@link MetricLoss#parameterBlock()}
 * returns: one parameter of a shape fixed at creation, its own initializer, and loading that refuses a
 * checkpoint of another shape (DJL itself would silently take it). As a DJL block its forward pass takes
 * (embeddings, labels) and returns the scalar loss.
 */
@Experimental("a helper for losses with learned matrices; may move to a support module")
public class LossParameterBlock extends AbstractBlock {

    /** The loss computed from (embeddings, labels, the parameter's array). */
    @FunctionalInterface
    public interface LossFunction {
        NDArray apply(NDArray embeddings, NDArray labels, NDArray parameter);
    }

    private final Shape shape;
    private final String shapeMeaning;
    private final Parameter parameter;
    private final LossFunction loss;

    /**
     * @param version serialisation version of the block's parameter file; raise it when the format changes
     * @param name the parameter's name in checkpoints and messages, e.g. "proxies"
     * @param shapeMeaning what the two dimensions are, for messages, e.g. "proxies x embedding size"
     */
    protected LossParameterBlock(byte version, String name, Shape shape, String shapeMeaning,
            Initializer initializer, LossFunction loss) {
        super(version);
        this.shape = shape;
        this.shapeMeaning = shapeMeaning;
        this.loss = Objects.requireNonNull(loss, "loss");
        // Type OTHER: a host-wide initializer for WEIGHT parameters must not replace this one
        this.parameter = addParameter(Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.OTHER)
                .optShape(shape)
                .optInitializer(initializer)
                .build());
    }

    /** The learnable matrix (its values: {@link MetricLoss#parameterValues()}). */
    public Parameter parameter() {
        return parameter;
    }

    /**
     * The matrix's current values, for the loss's {@code compute}.
     *
     * @throws IllegalStateException naming the initialisation contract when the host has not initialised the block
     */
    public NDArray values() {
        if (!parameter.isInitialized()) {
            throw new IllegalStateException("the loss's " + parameter.getName() + " are not initialised: the host calls"
                    + " MetricLoss.initializeParameters(manager, embeddingSize) once before the first compute");
        }
        return parameter.getArray();
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        if (inputShapes.length > 0 && inputShapes[0].dimension() == 2 && inputShapes[0].get(1) != shape.get(1)) {
            throw new IllegalArgumentException(parameter.getName() + " are " + shape.get(1)
                    + "-dimensional, the embeddings " + inputShapes[0] + " are not");
        }
        super.beforeInitialize(inputShapes);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray embeddings = inputs.get(0);
        values(); // the initialisation check
        NDArray value = store.getValue(parameter, embeddings.getDevice(), training);
        return new NDList(loss.apply(embeddings, inputs.get(1), value));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape()};
    }

    /** Loads what {@link #saveParameters} wrote, refusing a file whose matrix has another shape. */
    @Override
    public void loadParameters(NDManager manager, DataInputStream in) throws IOException, MalformedModelException {
        super.loadParameters(manager, in);
        Shape loaded = parameter.getArray().getShape();
        if (!loaded.equals(shape)) {
            throw new MalformedModelException("the saved " + parameter.getName() + " have shape " + loaded
                    + ", this loss has " + shape + " (" + shapeMeaning + "): the checkpoint belongs to another"
                    + " configuration");
        }
        // a loaded array is a plain array: make it trainable again
        parameter.getArray().setRequiresGradient(parameter.requiresGradient());
    }
}
