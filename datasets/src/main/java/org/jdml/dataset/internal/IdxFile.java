package org.jdml.dataset.internal;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.jdml.api.data.DataException;

/**
 * An IDX file of unsigned bytes (the MNIST format), gzipped when its name ends in {@code .gz}: a
 * big-endian magic number {@code 0x000008nn} (type 8 = unsigned byte, nn dimensions), the
 * dimensions as big-endian ints, then the bytes. Opening reads the header; {@link #readBody}
 * reads the data and checks that the file holds exactly what the header announces.
 */
public final class IdxFile implements Closeable {

    private static final int BUFFER = 1 << 16;
    private static final int UNSIGNED_BYTE = 0x08;

    private final Path file;
    private final DataInputStream in;
    private final int[] dims;

    private IdxFile(Path file, DataInputStream in, int[] dims) {
        this.file = file;
        this.in = in;
        this.dims = dims;
    }

    /**
     * Opens {@code file} and reads its header.
     *
     * @param dimensions how many dimensions the file must have (3 for images, 1 for labels)
     * @throws DataException naming the file when it is missing, not IDX, or has another shape
     */
    public static IdxFile open(Path file, int dimensions) {
        DataInputStream in = null;
        try {
            InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
            in = new DataInputStream(file.getFileName().toString().endsWith(".gz")
                    ? new GZIPInputStream(raw, BUFFER) : raw);
            int magic = in.readInt();
            int expected = (UNSIGNED_BYTE << 8) | dimensions;
            if (magic != expected) {
                throw new DataException(String.format("%s is not an IDX file of unsigned bytes with %d dimension%s:"
                        + " its magic number is 0x%08X, expected 0x%08X", file, dimensions,
                        dimensions == 1 ? "" : "s", magic, expected));
            }
            int[] dims = new int[dimensions];
            long size = 1;
            for (int d = 0; d < dimensions; d++) {
                dims[d] = in.readInt();
                if (dims[d] < 0 || (d > 0 && dims[d] == 0)) {
                    throw new DataException(file + ": dimension " + d + " of its header is " + dims[d]);
                }
                size *= dims[d];
            }
            if (size > Integer.MAX_VALUE - 16) {
                throw new DataException(file + ": header announces " + Arrays.toString(dims)
                        + ", more than 2 GB of data");
            }
            return new IdxFile(file, in, dims);
        } catch (EOFException e) {
            closeQuietly(in);
            throw new DataException(file + " is truncated: it ends inside its header", e);
        } catch (IOException e) {
            closeQuietly(in);
            throw DataException.because("Cannot read " + file, e);
        } catch (DataException e) {
            closeQuietly(in);
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    /** The dimensions the header announces, e.g. {60000, 28, 28}. */
    public int[] dims() {
        return dims.clone();
    }

    /** Number of entries: the first dimension. */
    public int count() {
        return dims[0];
    }

    /** Bytes of data the header announces. */
    public int bodySize() {
        long size = 1;
        for (int d : dims) {
            size *= d;
        }
        return (int) size;
    }

    /**
     * Reads the data into {@code dest[offset..offset + bodySize())}.
     *
     * @throws DataException naming the file when it is shorter or longer than its header announces
     */
    public void readBody(byte[] dest, int offset) {
        int size = bodySize();
        int done = 0;
        try {
            while (done < size) {
                int n = in.read(dest, offset + done, size - done);
                if (n < 0) {
                    break;
                }
                done += n;
            }
            if (done < size) {
                throw truncated(size, done, null);
            }
            if (in.read() >= 0) {
                throw new DataException(file + " holds more data than its header announces ("
                        + describe(size) + "): is it two files in one?");
            }
        } catch (EOFException e) {
            throw truncated(size, done, e);
        } catch (IOException e) {
            throw DataException.because("Cannot read " + file + " after " + done + " of " + size + " data bytes", e);
        }
    }

    private DataException truncated(int size, int done, Exception cause) {
        return new DataException(file + " is truncated: its header announces " + describe(size)
                + " but the data ends after " + done + " bytes", cause);
    }

    private String describe(int size) {
        String shape = Arrays.toString(dims).replace(", ", "x").replace("[", "").replace("]", "");
        return shape + " = " + size + " bytes";
    }

    @Override
    public void close() {
        closeQuietly(in);
    }

    private static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing was written; a failed close loses nothing
            }
        }
    }
}
