package org.jdml.engine.pytorch;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.cuda.CudaUtils;
import java.util.Optional;
import org.jdml.api.engine.EngineAdapter;

/** jdml's engine calls on DJL's PyTorch engine (through its JNI utilities, which DJL's api does not expose). */
public final class PyTorchAdapter implements EngineAdapter {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PyTorchAdapter.class);

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

    @Override
    public NDArray convert(NDArray x, DataType type) {
        return ScriptedOps.get().convert(x, type);
    }

    @Override
    public NDArray convertLike(NDArray x, NDArray like) {
        return ScriptedOps.get().convertLike(x, like);
    }

    @Override
    public DataType dataType(NDArray x) {
        DataType reported = x.getDataType();
        // DJL names every type it knows; only the ones it does not (bfloat16 among them) need asking
        return reported == DataType.UNKNOWN ? ScriptedOps.get().dataType(x) : reported;
    }

    @Override
    public NDArray toChannelsLast(NDArray x) {
        return ScriptedOps.get().toChannelsLast(x);
    }

    @Override
    public boolean isChannelsLast(NDArray x) {
        return ScriptedOps.get().isChannelsLast(x);
    }

    @Override
    public Optional<String> nativePrecisionProblem(DataType type, Device device) {
        if (device.isGpu()) {
            String capability;
            try {
                capability = CudaUtils.getComputeCapability(device.getDeviceId());
            } catch (RuntimeException | LinkageError e) {
                // DJL reads it through the CUDA runtime library, which a libtorch of one's own may not bring
                // along: the engine sees the GPU, so it is not refused for want of a number
                LOG.warn("Cannot read the compute capability of {} ({}); assuming it computes in {} natively", device,
                        e.getMessage(), type);
                return Optional.empty();
            }
            return NativePrecision.gpuProblem(type, device.getDeviceId(), capability);
        }
        if (device.getDeviceType().equals(Device.Type.CPU)) {
            return NativePrecision.cpuProblem(type, CpuFeatures.current());
        }
        return type == DataType.FLOAT32 ? Optional.empty()
                : Optional.of("the device " + device + " is neither a CPU nor a CUDA GPU; jdml trains in low"
                        + " precision on those only");
    }
}
