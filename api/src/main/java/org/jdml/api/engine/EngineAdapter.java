package org.jdml.api.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.jdml.api.Experimental;

/**
 * What jdml needs of the deep-learning engine beyond DJL's engine-neutral api, in one place: the
 * runner and the components call this, and only its implementation (the {@code engine-pytorch}
 * module, found through {@code META-INF/services}) talks to the engine directly. Nothing else in
 * jdml imports an engine's classes, so the engine is a run-time dependency only.
 */
@Experimental("grows with what the engine must do that DJL's api does not offer")
public interface EngineAdapter {

    /** The engine's name, as DJL knows it ("PyTorch"). */
    String engineName();

    /** Intra-op threads the engine uses now. */
    int threads();

    /** Changes the intra-op thread count of a running engine. */
    void setThreads(int threads);

    /**
     * Stops the engine from recording a graph until the returned scope closes, even inside an open
     * gradient collector; the previous mode comes back on close.
     */
    Scope noGradient();

    /** Sets the gradient of {@code parameter} to zero in place; DJL's api can only read gradients. */
    void zeroGradient(NDArray parameter);

    /**
     * Keeps the memory behind every array created on this thread alive until the returned scope
     * closes: open it around a forward and backward pass. It closes no array. (DJL frees the scalar
     * operand of {@code x.mul(2f)} right after the operation although autograd may still read it in
     * backward; the implementation says how it keeps it.)
     */
    Scope keepGraphAlive();

    /**
     * Puts an engine-native module (a loaded TorchScript block) into training or evaluation mode,
     * which decides how its batch-norm and dropout layers behave. A block that is not such a module
     * is left as it is.
     */
    void setTrainingMode(Block block, boolean training);

    /**
     * {@code x} converted to {@code type} ({@code FLOAT32}, {@code FLOAT16} or {@code BFLOAT16}) as
     * an operation autograd records: inside a gradient collector, the gradient that reaches the
     * result reaches {@code x}, in x's own type. (DJL's {@code toType} records nothing, and cannot make
     * bfloat16 arrays.) The result belongs to x's manager.
     */
    NDArray convert(NDArray x, DataType type);

    /** {@code x} converted to the element type of {@code like}, recorded as {@link #convert} is. */
    NDArray convertLike(NDArray x, NDArray like);

    /**
     * The element type of {@code x} as the engine holds it: DJL reports a bfloat16 array as
     * {@code UNKNOWN}, this reports {@code BFLOAT16}.
     */
    DataType dataType(NDArray x);

    /**
     * A copy of the image batch {@code x} (B, C, H, W) stored channels-last (in memory: B, H, W, C),
     * recorded by autograd. The shape stays (B, C, H, W); convolutions, batch norm, activations and
     * pooling of the engine keep the layout of their input.
     */
    NDArray toChannelsLast(NDArray x);

    /** Whether {@code x} is stored channels-last. */
    boolean isChannelsLast(NDArray x);

    /**
     * Why {@code device} cannot train in {@code type} natively (it would emulate it, slower than
     * float32), naming the device and what it lacks; empty when it can.
     */
    Optional<String> nativePrecisionProblem(DataType type, Device device);

    /** A scope whose close cannot fail. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * The adapter on the class path.
     *
     * @throws IllegalStateException when there is none, or more than one
     */
    static EngineAdapter current() {
        return Holder.ADAPTER;
    }

    /** Loads the adapter once. */
    final class Holder {
        static final EngineAdapter ADAPTER = load();

        private Holder() {}

        private static EngineAdapter load() {
            List<EngineAdapter> found = ServiceLoader.load(EngineAdapter.class, EngineAdapter.class.getClassLoader())
                    .stream().map(ServiceLoader.Provider::get).toList();
            if (found.size() != 1) {
                throw new IllegalStateException("Expected one engine adapter (META-INF/services/"
                        + EngineAdapter.class.getName() + ", in jdml-engine-pytorch) on the class path, found "
                        + found.size());
            }
            return found.get(0);
        }
    }
}
