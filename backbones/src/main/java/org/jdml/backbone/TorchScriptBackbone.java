package org.jdml.backbone;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.jdml.api.engine.EngineAdapter;

/**
 * Holds a loaded TorchScript {@link Model} for as long as its block trains: the model's manager owns
 * the native module, and a model that is no longer referenced is closed by the garbage collector.
 */
final class TorchScriptBackbone extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Model model;
    private final Block script;
    /** The mode the module is in, as this block set it; null until the first forward pass. */
    private Boolean moduleTraining;

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
        if (moduleTraining == null || moduleTraining != training) {
            // DJL's PtSymbolBlock starts believing it is in training mode while the loaded module is in
            // evaluation mode, and switches only when the requested mode changes: without this, the
            // batch-norm layers of a run's first epoch would train on their running statistics
            EngineAdapter.current().setTrainingMode(script, training);
            moduleTraining = training;
        }
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
