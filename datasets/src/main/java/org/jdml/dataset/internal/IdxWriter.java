package org.jdml.dataset.internal;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.jdml.api.data.DataException;

/**
 * Writes IDX files (the MNIST format, big-endian): unsigned bytes (type 0x08), for images, and
 * 32-bit signed ints (type 0x0C) or 32-bit floats (type 0x0D), for labels beyond 255 and for
 * items that are not bytes. {@link IdxFile} reads the byte files back; {@link #readInts} the ints.
 */
public final class IdxWriter {

    public static final int UNSIGNED_BYTE = 0x08;
    public static final int INT = 0x0C;
    public static final int FLOAT = 0x0D;

    private IdxWriter() {}

    /** {@code data} as unsigned bytes of shape {@code dims}. */
    public static void writeBytes(Path file, byte[] data, int... dims) throws IOException {
        check(data.length, dims);
        try (DataOutputStream out = open(file)) {
            header(out, UNSIGNED_BYTE, dims);
            out.write(data);
        }
    }

    /** {@code data} as 32-bit ints of shape {@code dims}. */
    public static void writeInts(Path file, int[] data, int... dims) throws IOException {
        ByteBuffer body = ByteBuffer.allocate(Math.multiplyExact(data.length, 4)).order(ByteOrder.BIG_ENDIAN);
        body.asIntBuffer().put(data);
        writeWords(file, INT, data.length, body, dims);
    }

    /** {@code data} as 32-bit floats of shape {@code dims}. */
    public static void writeFloats(Path file, float[] data, int... dims) throws IOException {
        ByteBuffer body = ByteBuffer.allocate(Math.multiplyExact(data.length, 4)).order(ByteOrder.BIG_ENDIAN);
        body.asFloatBuffer().put(data);
        writeWords(file, FLOAT, data.length, body, dims);
    }

    private static void writeWords(Path file, int type, int count, ByteBuffer body, int[] dims) throws IOException {
        check(count, dims);
        try (DataOutputStream out = open(file)) {
            header(out, type, dims);
            out.write(body.array());
        }
    }

    /**
     * A one-dimensional IDX file of 32-bit ints.
     *
     * @throws DataException naming the file when it is not such a file or is truncated or too long
     */
    public static int[] readInts(Path file) {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            int magic = in.readInt();
            if (magic != ((INT << 8) | 1)) {
                throw new DataException(String.format("%s is not a one-dimensional IDX file of ints: its magic number"
                        + " is 0x%08X, expected 0x%08X", file, magic, (INT << 8) | 1));
            }
            int n = in.readInt();
            byte[] body = new byte[Math.multiplyExact(n, 4)];
            in.readFully(body);
            if (in.read() >= 0) {
                throw new DataException(file + " holds more than the " + n + " ints its header announces");
            }
            int[] values = new int[n];
            ByteBuffer.wrap(body).order(ByteOrder.BIG_ENDIAN).asIntBuffer().get(values);
            return values;
        } catch (EOFException e) {
            throw new DataException(file + " is truncated", e);
        } catch (IOException e) {
            throw DataException.because("Cannot read " + file, e);
        }
    }

    private static DataOutputStream open(Path file) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
    }

    private static void header(DataOutputStream out, int type, int[] dims) throws IOException {
        out.writeInt((type << 8) | dims.length);
        for (int d : dims) {
            out.writeInt(d);
        }
    }

    private static void check(int length, int[] dims) {
        long size = 1;
        for (int d : dims) {
            size *= d;
        }
        if (dims.length == 0 || size != length) {
            throw new IllegalArgumentException(length + " values do not fill the shape " + Arrays.toString(dims));
        }
    }
}
