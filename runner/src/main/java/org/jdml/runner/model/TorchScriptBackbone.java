package org.jdml.runner.model;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Holds a loaded TorchScript {@link Model} for as long as its block trains: the model's manager owns
 * the native module, and a model that is no longer referenced is closed by the garbage collector.
 */
final class TorchScriptBackbone extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Model model;
    private final Block script;

    TorchScriptBackbone(Model model) {
        super(VERSION);
        this.model = model;
        this.script = addChildBlock("script", model.getBlock());
    }

    /** The loaded model (kept referenced; closing it frees the module). */
    Model model() {
        return model;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return script.forward(store, inputs, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return script.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        script.initialize(manager, dataType, inputShapes);
    }
}
