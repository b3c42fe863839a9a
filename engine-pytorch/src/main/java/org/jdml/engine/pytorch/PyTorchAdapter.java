package org.jdml.engine.pytorch;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import org.jdml.api.engine.EngineAdapter;

/** jdml's engine calls on DJL's PyTorch engine (through its JNI utilities, which DJL's api does not expose). */
public final class PyTorchAdapter implements EngineAdapter {

    public PyTorchAdapter() {}

    @Override
    public String engineName() {
        return "PyTorch";
    }

    @Override
    public int threads() {
        Engine.getEngine(engineName());
        return JniUtils.getNumThreads();
    }

    @Override
    public void setThreads(int threads) {
        Engine.getEngine(engineName());
        JniUtils.setNumThreads(threads);
    }

    @Override
    public Scope noGradient() {
        Engine.getEngine(engineName());
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        return () -> JniUtils.setGradMode(previous);
    }

    /** PyTorch's {@code grad.zero_()}: arithmetic on the gradient (multiplying by 0) would keep a NaN. */
    @Override
    public void zeroGradient(NDArray parameter) {
        JniUtils.zeroGrad((PtNDArray) parameter);
    }

    @Override
    public Scope keepGraphAlive() {
        return new GraphKeepAlive();
    }

    /**
     * DJL's {@link PtSymbolBlock} starts out believing it is in training mode while a loaded module is
     * in evaluation mode, and switches only when the requested mode changes; this sets the mode itself.
     */
    @Override
    public void setTrainingMode(Block block, boolean training) {
        if (block instanceof PtSymbolBlock module) {
            if (training) {
                JniUtils.enableTrainingMode(module);
            } else {
                JniUtils.enableInferenceMode(module);
            }
        }
    }
}
