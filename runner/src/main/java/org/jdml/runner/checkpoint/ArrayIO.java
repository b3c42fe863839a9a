package org.jdml.runner.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One array in a checkpoint: data type, shape, raw bytes (little endian). Reading checks the type
 * and shape against the array it restores, because DJL's own loading silently takes any shape.
 */
public final class ArrayIO {

    private ArrayIO() {}

    public static void write(DataOutputStream out, NDArray array) throws IOException {
        out.writeUTF(array.getDataType().name());
        long[] dims = array.getShape().getShape();
        out.writeInt(dims.length);
        for (long d : dims) {
            out.writeLong(d);
        }
        ByteBuffer bytes = array.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        out.writeInt(bytes.remaining());
        if (bytes.hasArray()) {
            out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        } else {
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            out.write(copy);
        }
    }

    private static final NDIndex EVERYTHING = new NDIndex(":");

    /** An array as stored: its type, shape and bytes. */
    public record Stored(DataType dataType, Shape shape, byte[] bytes) {

        /** Copies the values into {@code target} in place (its identity, device and gradient flag stay). */
        public void copyInto(NDArray target) {
            if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
                throw new UnsupportedOperationException("checkpoints are read on little-endian machines only");
            }
            // a direct buffer of our own: on the CPU the array takes it over as its storage
            ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length).order(ByteOrder.nativeOrder());
            buffer.put(bytes).rewind();
            if (target.getShape().dimension() == 0) {
                target.set(buffer);
                return;
            }
            // a copy through a slice assignment: NDArray.set(Buffer) goes through PyTorch's deprecated
            // AutoNonVariableTypeMode, which prints an engine deprecation warning on every resume
            try (NDArray values = target.getManager().create(buffer, target.getShape(), target.getDataType())) {
                target.set(EVERYTHING, values);
            }
        }
    }

    public static Stored read(DataInputStream in) throws IOException {
        DataType type = DataType.valueOf(in.readUTF());
        int rank = in.readInt();
        long[] dims = new long[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = in.readLong();
        }
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new Stored(type, new Shape(dims), bytes);
    }

    /** Reads one array into {@code target}, which must have the same type and shape. */
    public static void readInto(DataInputStream in, NDArray target, String what) throws IOException {
        Stored stored = read(in);
        if (!stored.shape().equals(target.getShape()) || stored.dataType() != target.getDataType()) {
            throw new CheckpointException(what + " has shape " + stored.shape() + " (" + stored.dataType()
                    + ") in the checkpoint but " + target.getShape() + " (" + target.getDataType() + ") here");
        }
        stored.copyInto(target);
    }
}
