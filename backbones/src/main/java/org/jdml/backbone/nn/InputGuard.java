package org.jdml.backbone.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Optional;
import java.util.function.Function;

/**
 * Passes its input through unchanged after checking its shape, so that a network that cannot take
 * an input says why in its own terms at initialisation, rather than failing deep inside the engine.
 */
public final class InputGuard extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Function<Shape, Optional<String>> problem;

    /** @param problem what is wrong with an input shape (B, ...), if anything */
    public InputGuard(Function<Shape, Optional<String>> problem) {
        super(VERSION);
        this.problem = problem;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        check(inputs.singletonOrThrow().getShape());
        return inputs;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        check(inputShapes[0]);
        return new Shape[] {inputShapes[0]};
    }

    private void check(Shape shape) {
        problem.apply(shape).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
    }
}
