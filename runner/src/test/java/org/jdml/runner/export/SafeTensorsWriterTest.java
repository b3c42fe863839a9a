package org.jdml.runner.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsWriterTest {

    @TempDir
    Path dir;

    /** A file read back: its header (unpadded text included) and the data after it. */
    record Read(long headerLength, String headerText, JsonObject header, ByteBuffer data) {

        static Read of(Path file) throws IOException {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            long length = bytes.getLong();
            byte[] text = new byte[(int) length];
            bytes.get(text);
            String header = new String(text, StandardCharsets.UTF_8);
            return new Read(length, header, JsonParser.parseString(header).getAsJsonObject(),
                    bytes.slice().order(ByteOrder.LITTLE_ENDIAN));
        }

        ByteBuffer tensor(String name) {
            var offsets = header.getAsJsonObject(name).getAsJsonArray("data_offsets");
            int begin = offsets.get(0).getAsInt();
            int end = offsets.get(1).getAsInt();
            return data.duplicate().position(begin).limit(end).slice().order(ByteOrder.LITTLE_ENDIAN);
        }

        long[] shape(String name) {
            var shape = header.getAsJsonObject(name).getAsJsonArray("shape");
            long[] out = new long[shape.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = shape.get(i).getAsLong();
            }
            return out;
        }

        List<String> names() {
            List<String> names = new ArrayList<>(header.keySet());
            names.remove("__metadata__");
            return names;
        }
    }

    @Test
    void tensorsRoundTripWithTheirNamesShapesAndDtypes() throws IOException {
        Path file = dir.resolve("t.safetensors");
        new SafeTensorsWriter()
                .addFloats("layer1.0.conv1.weight", new float[] {1f, -2.5f, 3f, 4f, 5f, 6f}, 2, 3)
                .addLongs("bn1.num_batches_tracked", new long[] {7})
                .addFloats("fc.bias", new float[] {0.125f, Float.MIN_VALUE}, 2)
                .metadata("format", "pt")
                .write(file);
        Read read = Read.of(file);
        assertThat(read.names()).containsExactly("layer1.0.conv1.weight", "bn1.num_batches_tracked", "fc.bias");
        assertThat(read.header().getAsJsonObject("__metadata__").get("format").getAsString()).isEqualTo("pt");
        assertThat(read.header().getAsJsonObject("layer1.0.conv1.weight").get("dtype").getAsString()).isEqualTo("F32");
        assertThat(read.header().getAsJsonObject("bn1.num_batches_tracked").get("dtype").getAsString())
                .isEqualTo("I64");
        assertThat(read.shape("layer1.0.conv1.weight")).containsExactly(2, 3);
        assertThat(read.shape("bn1.num_batches_tracked")).isEmpty(); // a scalar, as torch stores the counter
        float[] weight = new float[6];
        read.tensor("layer1.0.conv1.weight").asFloatBuffer().get(weight);
        assertThat(weight).containsExactly(1f, -2.5f, 3f, 4f, 5f, 6f);
        assertThat(read.tensor("bn1.num_batches_tracked").getLong()).isEqualTo(7);
        float[] bias = new float[2];
        read.tensor("fc.bias").asFloatBuffer().get(bias);
        assertThat(bias).containsExactly(0.125f, Float.MIN_VALUE);
        // the ranges tile the data: in order, without gaps, to its end
        assertThat(read.header().getAsJsonObject("fc.bias").getAsJsonArray("data_offsets").get(0).getAsLong())
                .isEqualTo(6 * 4 + 8);
        assertThat(read.data().remaining()).isEqualTo(6 * 4 + 8 + 2 * 4);
    }

    @Test
    void theDataStartsOnAnEightByteBoundaryAfterSpaces() throws IOException {
        for (String name : List.of("a", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg", "abcdefgh")) {
            Path file = dir.resolve(name + ".safetensors");
            SafeTensorsWriter writer = new SafeTensorsWriter().addFloats(name, new float[] {1f}, 1);
            int unpadded = writer.header().length;
            writer.write(file);
            Read read = Read.of(file);
            assertThat((8 + read.headerLength()) % 8).as(name).isZero();
            assertThat(read.headerLength()).as(name).isBetween((long) unpadded, unpadded + 7L);
            assertThat(read.headerText().substring(unpadded)).as(name).matches(" *");
            assertThat(read.data().getFloat(0)).isEqualTo(1f);
        }
    }

    @Test
    void anEmptyMetadataIsLeftOutAndAFileIsReplacedWhole() throws IOException {
        Path file = dir.resolve("t.safetensors");
        new SafeTensorsWriter().addFloats("x", new float[] {1f, 2f, 3f, 4f}, 4).write(file);
        new SafeTensorsWriter().addFloats("y", new float[] {5f}, 1, 1).write(file);
        Read read = Read.of(file);
        assertThat(read.header().keySet()).containsExactly("y");
        assertThat(read.data().remaining()).isEqualTo(4);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("t.safetensors");
        }
    }

    @Test
    void badTensorsAreRefusedWithTheirName() {
        SafeTensorsWriter writer = new SafeTensorsWriter().addFloats("w", new float[] {1f}, 1);
        assertThatThrownBy(() -> writer.addFloats("w", new float[] {1f}, 1)).hasMessageContaining("'w' added twice");
        assertThatThrownBy(() -> writer.addFloats("v", new float[] {1f, 2f}, 3))
                .hasMessageContaining("tensor 'v': 2 values do not make shape [3]");
        assertThatThrownBy(() -> writer.addLongs("__metadata__", new long[] {1}))
                .hasMessageContaining("not a tensor name");
    }
}
