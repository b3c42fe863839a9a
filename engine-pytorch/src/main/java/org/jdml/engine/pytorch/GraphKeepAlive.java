package org.jdml.engine.pytorch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import org.jdml.api.engine.EngineAdapter;

/**
 * Keeps the Java memory behind every array created on this thread alive from its opening until its
 * closing: open it around forward and backward. It closes no array.
 *
 * <p>Why: DJL's PyTorch engine makes the scalar operand of {@code x.mul(2f)}, {@code x.div(n)},
 * {@code x.maximum(0f)} and the like as a tensor that borrows the memory of a Java direct buffer,
 * closes that array right after the operation and drops the buffer. Autograd may have saved the
 * scalar for the backward pass; if the garbage collector frees the buffer before then (any
 * collection between forward and backward may), the backward pass reads freed memory and the
 * gradients come out scaled by garbage while the loss looks right. A test run showed it: one
 * iteration's gradient norm was 3e-4 instead of 0.3.
 *
 * <p>How: DJL registers every new PyTorch array with the thread's innermost {@link NDScope}; this
 * scope keeps each array's buffer (not the array) until it closes. It reads two private DJL fields
 * and fails at once, naming them, if a DJL version renames them.
 */
final class GraphKeepAlive extends NDScope implements EngineAdapter.Scope {

    private static final Field RESOURCES;
    private static final Field DATA_REF;

    static {
        try {
            RESOURCES = NDScope.class.getDeclaredField("resources");
            RESOURCES.setAccessible(true);
            DATA_REF = PtNDArray.class.getDeclaredField("dataRef");
            DATA_REF.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("DJL's NDScope.resources or PtNDArray.dataRef is gone: update GraphKeepAlive"
                    + " for this DJL version", e);
        }
    }

    private final List<ByteBuffer> buffers = new ArrayList<>();

    GraphKeepAlive() {
        try {
            RESOURCES.set(this, new Holder());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What NDScope.register puts arrays into: keeps their buffers, not the arrays. */
    private final class Holder extends IdentityHashMap<NDArray, NDArray> {
        private static final long serialVersionUID = 1L;

        @Override
        public NDArray put(NDArray key, NDArray value) {
            if (key instanceof PtNDArray array) {
                try {
                    Object buffer = DATA_REF.get(array);
                    if (buffer != null) {
                        buffers.add((ByteBuffer) buffer);
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
            return null;
        }
    }

    /** Lets the buffers go and leaves the thread's scopes (no array is registered, so none is closed). */
    @Override
    public void close() {
        buffers.clear();
        super.close();
    }

    /** Buffers held so far, for tests. */
    int held() {
        return buffers.size();
    }
}
