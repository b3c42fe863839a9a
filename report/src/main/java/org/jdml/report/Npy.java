package org.jdml.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * NumPy {@code .npy} files (format version 1.0): little-endian {@code <f4} and {@code <i4} arrays in C
 * order, so that embeddings written by a run open with {@code numpy.load}.
 *
 * <p>Layout: the magic {@code \x93NUMPY}, version bytes 1 and 0, the header length as a little-endian
 * uint16, then the header, a Python dict literal such as {@code {'descr': '<f4', 'fortran_order':
 * False, 'shape': (3, 2), }} padded with spaces and ended by a newline so that the data starts at a
 * multiple of 64 bytes. Readers also accept version 2.0 and 3.0 headers (uint32 length).
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGNMENT = 64;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /**
     * Writes a float32 array of the given shape (C order: the last index varies fastest). With no
     * shape, the array is 1-D.
     */
    public static void write(Path file, float[] data, long... shape) throws IOException {
        long[] dims = shape.length == 0 ? new long[] {data.length} : shape;
        checkSize(data.length, dims);
        ByteBuffer body = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        body.asFloatBuffer().put(data);
        write(file, "<f4", dims, body);
    }

    /** Writes a 1-D int32 array, e.g. labels. */
    public static void write(Path file, int[] data) throws IOException {
        ByteBuffer body = ByteBuffer.allocate(data.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        body.asIntBuffer().put(data);
        write(file, "<i4", new long[] {data.length}, body);
    }

    /** The values of a {@code <f4} file in C order (use {@link #readShape} for its shape). */
    public static float[] readFloats(Path file) throws IOException {
        Parsed parsed = read(file, "<f4");
        float[] out = new float[parsed.body.remaining() / Float.BYTES];
        parsed.body.asFloatBuffer().get(out);
        return out;
    }

    /** The values of a {@code <i4} file in C order. */
    public static int[] readInts(Path file) throws IOException {
        Parsed parsed = read(file, "<i4");
        int[] out = new int[parsed.body.remaining() / Integer.BYTES];
        parsed.body.asIntBuffer().get(out);
        return out;
    }

    /** The shape a file declares, e.g. {@code [35000, 64]}. */
    public static long[] readShape(Path file) throws IOException {
        return read(file, null).shape;
    }

    /** The complete header block (magic to newline) for an array, as {@link #write} puts it. */
    static byte[] header(String descr, long[] shape) {
        String dims = shape.length == 1 ? shape[0] + ","
                : Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        int preamble = MAGIC.length + 2 + 2;
        int unpadded = preamble + dict.length() + 1;
        int total = (unpadded + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        int headerLength = total - preamble;
        if (headerLength > 0xFFFF) {
            throw new IllegalArgumentException("Shape too long for a version 1.0 header: " + Arrays.toString(shape));
        }
        ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerLength);
        out.put(dict.getBytes(StandardCharsets.US_ASCII));
        while (out.position() < total - 1) {
            out.put((byte) ' ');
        }
        out.put((byte) '\n');
        return out.array();
    }

    private static void write(Path file, String descr, long[] shape, ByteBuffer body) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(header(descr, shape));
            out.write(body.array());
        }
    }

    private static void checkSize(int length, long[] shape) {
        long product = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("Negative dimension in shape " + Arrays.toString(shape));
            }
            product *= d;
        }
        if (product != length) {
            throw new IllegalArgumentException(
                    "Shape " + Arrays.toString(shape) + " holds " + product + " values, the data has " + length);
        }
    }

    private record Parsed(long[] shape, ByteBuffer body) {
    }

    private static Parsed read(Path file, String expectedDescr) throws IOException {
        ByteBuffer all;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            all = ByteBuffer.allocate(Math.toIntExact(channel.size()));
            while (all.hasRemaining() && channel.read(all) >= 0) {
                // keep reading
            }
            all.flip();
        }
        all.order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[MAGIC.length];
        if (all.remaining() < MAGIC.length + 4) {
            throw new IOException(file + " is not a .npy file (too short)");
        }
        all.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException(file + " is not a .npy file (no \\x93NUMPY magic)");
        }
        int major = all.get();
        all.get();
        long headerLength = major == 1 ? Short.toUnsignedInt(all.getShort()) : Integer.toUnsignedLong(all.getInt());
        if (major < 1 || major > 3 || headerLength > all.remaining()) {
            throw new IOException(file + ": unsupported .npy version " + major + " or truncated header");
        }
        byte[] headerBytes = new byte[(int) headerLength];
        all.get(headerBytes);
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, file);
        if (expectedDescr != null && !descr.equals(expectedDescr)) {
            throw new IOException(file + " holds '" + descr + "' values, expected '" + expectedDescr + "'");
        }
        if (group(FORTRAN, header, file).equals("True")) {
            throw new IOException(file + " is in Fortran order; only C order is supported");
        }
        String dims = group(SHAPE, header, file).trim();
        long[] shape = dims.isEmpty() ? new long[0]
                : Arrays.stream(dims.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .mapToLong(Long::parseLong).toArray();
        long count = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        ByteBuffer body = all.slice().order(ByteOrder.LITTLE_ENDIAN);
        long bytes = count * itemSize(descr);
        if (body.remaining() != bytes) {
            throw new IOException(file + ": shape " + Arrays.toString(shape) + " needs " + bytes
                    + " bytes of data, the file has " + body.remaining());
        }
        return new Parsed(shape, body);
    }

    /** Bytes per value of a NumPy type string such as {@code <f4}; 1 when it names no size. */
    private static int itemSize(String descr) {
        Matcher m = Pattern.compile("(\\d+)$").matcher(descr);
        return m.find() ? Integer.parseInt(m.group(1)) : 1;
    }

    private static String group(Pattern pattern, String header, Path file) throws IOException {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw new IOException(file + ": .npy header lacks " + pattern.pattern() + ": " + header.trim());
        }
        return m.group(1);
    }
}
