package org.jdml.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    /** The 128 bytes NumPy's format 1.0 puts before a 2 x 3 float32 array, written out by hand. */
    private static byte[] expectedHeaderFor2x3Floats() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        // header length 118 = 128 - 10, little-endian uint16
        out.writeBytes(new byte[] {118, 0});
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";   // 59 characters
        out.writeBytes(dict.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(" ".repeat(128 - 10 - 59 - 1).getBytes(StandardCharsets.US_ASCII));
        out.write('\n');
        return out.toByteArray();
    }

    @Test
    void writesTheHeaderNumPyExpects(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("a.npy");
        float[] data = {1f, -2.5f, 3f, 0f, 1e-7f, Float.MAX_VALUE};
        Npy.write(file, data, 2, 3);
        byte[] bytes = Files.readAllBytes(file);
        byte[] header = expectedHeaderFor2x3Floats();
        assertThat(Arrays.copyOf(bytes, header.length)).containsExactly(header);
        assertThat(bytes).hasSize(128 + 6 * 4);
        // first value 1.0f = 0x3f800000, little-endian
        assertThat(Arrays.copyOfRange(bytes, 128, 132)).containsExactly(0, 0, (byte) 0x80, 0x3f);
    }

    @Test
    void oneDimensionalShapesHaveATrailingComma(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("labels.npy");
        Npy.write(file, new int[] {5, 6, 7, -1, 9});
        // 10 + 57 characters + newline do not fit in 64 bytes: the header block takes 128
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes[8]).isEqualTo((byte) 118);
        String header = new String(bytes, 10, 118, StandardCharsets.US_ASCII);
        assertThat(header).startsWith("{'descr': '<i4', 'fortran_order': False, 'shape': (5,), }   ").endsWith(" \n");
        assertThat(bytes).hasSize(128 + 5 * 4);
        // -1 is 0xffffffff
        assertThat(Arrays.copyOfRange(bytes, 128 + 12, 128 + 16)).containsExactly(-1, -1, -1, -1);
    }

    @Test
    void roundTrips(@TempDir Path dir) throws IOException {
        float[] floats = new float[35 * 4];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = (float) Math.sin(i) * 1000;
        }
        Path f = dir.resolve("sub/dir/e.npy");   // parent folders are created
        Npy.write(f, floats, 35, 4);
        assertThat(Npy.readFloats(f)).containsExactly(floats);
        assertThat(Npy.readShape(f)).containsExactly(35, 4);
        assertThat((Files.size(f) - 35 * 4 * 4) % 64).isZero();   // the data starts 64-aligned

        int[] ints = {Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE};
        Path g = dir.resolve("l.npy");
        Npy.write(g, ints);
        assertThat(Npy.readInts(g)).containsExactly(ints);
        assertThat(Npy.readShape(g)).containsExactly(5);

        Path empty = dir.resolve("empty.npy");
        Npy.write(empty, new float[0], 0, 64);
        assertThat(Npy.readFloats(empty)).isEmpty();
        assertThat(Npy.readShape(empty)).containsExactly(0, 64);
    }

    @Test
    void readsHeadersWrittenByNumPyWithExtraPadding(@TempDir Path dir) throws IOException {
        // NumPy 2 leaves room for the shape to grow: a longer, still 64-aligned header
        String dict = "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }";
        int total = 128;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) (total - 10), 0});
        out.writeBytes((dict + " ".repeat(total - 10 - dict.length() - 1) + "\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {3, 0, 0, 0, 4, 1, 0, 0});
        Path file = dir.resolve("numpy.npy");
        Files.write(file, out.toByteArray());
        assertThat(Npy.readInts(file)).containsExactly(3, 260);
    }

    @Test
    void rejectsWrongTypesShapesAndFiles(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("f.npy");
        Npy.write(f, new float[] {1, 2});
        assertThatThrownBy(() -> Npy.readInts(f)).isInstanceOf(IOException.class).hasMessageContaining("'<f4'");
        assertThatThrownBy(() -> Npy.write(dir.resolve("x.npy"), new float[] {1, 2, 3}, 2, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds 4 values");
        Path text = dir.resolve("text.npy");
        Files.writeString(text, "not numpy at all");
        assertThatThrownBy(() -> Npy.readFloats(text)).isInstanceOf(IOException.class).hasMessageContaining("magic");
        Path truncated = dir.resolve("t.npy");
        Files.write(truncated, Arrays.copyOf(Files.readAllBytes(f), 128 + 4));
        assertThatThrownBy(() -> Npy.readFloats(truncated)).isInstanceOf(IOException.class)
                .hasMessageContaining("needs 8 bytes");
    }
}
