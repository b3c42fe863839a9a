package org.jdml.dataset;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small Fashion-MNIST-shaped IDX files for tests. */
public final class IdxFixture {

    private IdxFixture() {}

    /** Pixel j of image i: (i * 31 + j * 7) mod 256, so every image differs. */
    public static byte pixel(int image, int j) {
        return (byte) ((image * 31 + j * 7) & 0xFF);
    }

    /**
     * Writes the four files into {@code folder}: {@code trainCount} and {@code testCount} images of
     * {@code side x side}, with label {@code i % 10} for train item i and {@code (i + 3) % 10} for test
     * item i. Test image i has pixels of image {@code trainCount + i}.
     */
    public static void write(Path folder, int trainCount, int testCount, int side, boolean gzip) throws IOException {
        Files.createDirectories(folder);
        String gz = gzip ? ".gz" : "";
        write(folder.resolve("train-images-idx3-ubyte" + gz), images(0, trainCount, side));
        write(folder.resolve("train-labels-idx1-ubyte" + gz), labels(trainCount, 0));
        write(folder.resolve("t10k-images-idx3-ubyte" + gz), images(trainCount, testCount, side));
        write(folder.resolve("t10k-labels-idx1-ubyte" + gz), labels(testCount, 3));
    }

    public static byte[] images(int first, int count, int side) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000803);
        out.writeInt(count);
        out.writeInt(side);
        out.writeInt(side);
        for (int i = first; i < first + count; i++) {
            for (int j = 0; j < side * side; j++) {
                out.writeByte(pixel(i, j));
            }
        }
        return bytes.toByteArray();
    }

    public static byte[] labels(int count, int shift) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000801);
        out.writeInt(count);
        for (int i = 0; i < count; i++) {
            out.writeByte((i + shift) % 10);
        }
        return bytes.toByteArray();
    }

    /** Writes {@code content}, gzipped when the name ends in .gz. */
    public static void write(Path file, byte[] content) throws IOException {
        try (OutputStream out = file.toString().endsWith(".gz")
                ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
    }
}
