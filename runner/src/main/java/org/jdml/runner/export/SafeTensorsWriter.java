package org.jdml.runner.export;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes tensors in the safetensors format: a little-endian u64 header length, a JSON header that
 * gives each tensor's dtype, shape and byte range, padded with spaces so that the data starts on an
 * 8-byte boundary, then the raw little-endian bytes in the order the tensors were added. Only F32 and
 * I64, what an exported network needs. The file is written beside its target and moved into place, so
 * a failed write leaves no half file under the target's name.
 */
public final class SafeTensorsWriter {

    /** One tensor: its safetensors dtype, shape ({@code []} for a scalar) and bytes. */
    record Tensor(String dtype, long[] shape, byte[] data) {}

    private final Map<String, Tensor> tensors = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    /** Adds a float32 tensor of {@code shape}. */
    public SafeTensorsWriter addFloats(String name, float[] values, long... shape) {
        requireSize(name, values.length, shape);
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return add(name, new Tensor("F32", shape.clone(), bytes.array()));
    }

    /** Adds an int64 tensor of {@code shape}. */
    public SafeTensorsWriter addLongs(String name, long[] values, long... shape) {
        requireSize(name, values.length, shape);
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        return add(name, new Tensor("I64", shape.clone(), bytes.array()));
    }

    /** A string entry of the header's {@code __metadata__}. */
    public SafeTensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** The tensor of that name, as it will be written. */
    Tensor tensor(String name) {
        return tensors.get(name);
    }

    /** The tensors' names, in the order they were added. */
    public java.util.List<String> names() {
        return java.util.List.copyOf(tensors.keySet());
    }

    private SafeTensorsWriter add(String name, Tensor tensor) {
        if (name.isEmpty() || name.equals("__metadata__")) {
            throw new IllegalArgumentException("not a tensor name: '" + name + "'");
        }
        if (tensors.putIfAbsent(name, tensor) != null) {
            throw new IllegalArgumentException("tensor '" + name + "' added twice");
        }
        return this;
    }

    private static void requireSize(String name, int length, long[] shape) {
        long size = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        if (Arrays.stream(shape).anyMatch(d -> d < 0) || size != length) {
            throw new IllegalArgumentException("tensor '" + name + "': " + length + " values do not make shape "
                    + Arrays.toString(shape));
        }
    }

    /** The header, unpadded: every tensor with its range in the data, then the metadata if there is any. */
    byte[] header() {
        JsonObject header = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            metadata.forEach(meta::addProperty);
            header.add("__metadata__", meta);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
            Tensor tensor = entry.getValue();
            JsonObject json = new JsonObject();
            json.addProperty("dtype", tensor.dtype());
            JsonArray shape = new JsonArray();
            for (long d : tensor.shape()) {
                shape.add(d);
            }
            json.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offset += tensor.data().length;
            offsets.add(offset);
            json.add("data_offsets", offsets);
            header.add(entry.getKey(), json);
        }
        return header.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Writes the file, replacing {@code file} if it exists. */
    public void write(Path file) throws IOException {
        byte[] json = header();
        int padded = (json.length + 7) / 8 * 8;
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path partial = Files.createTempFile(dir, file.getFileName().toString(), ".partial");
        try {
            try (OutputStream out = Files.newOutputStream(partial)) {
                out.write(ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
                out.write(json);
                for (int i = json.length; i < padded; i++) {
                    out.write(' ');
                }
                for (Tensor tensor : tensors.values()) {
                    out.write(tensor.data());
                }
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
