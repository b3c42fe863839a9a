package org.jdml.backbone.weights;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdml.api.data.DataException;

/**
 * The safetensors format (a little-endian u64 header length, a JSON header naming each tensor's
 * dtype, shape and byte range, then the raw bytes), read and written without any PyTorch code. The
 * whole file is checked on reading (header, every range inside the data, sizes that match dtype and
 * shape, no overlap) before a tensor is handed out, so a damaged file never loads half-way.
 */
public final class SafeTensors {

    /** One tensor: its safetensors dtype ("F32"), shape, and little-endian bytes. */
    public record Tensor(String dtype, long[] shape, ByteBuffer data) {

        public long elements() {
            return Arrays.stream(shape).reduce(1, Math::multiplyExact);
        }

        /** The values as float32 (F32 as they are, F64 rounded); other dtypes are refused by name. */
        public float[] floats(String name, Path file) {
            ByteBuffer bytes = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[Math.toIntExact(elements())];
            switch (dtype) {
                case "F32" -> bytes.asFloatBuffer().get(out);
                case "F64" -> {
                    for (int i = 0; i < out.length; i++) {
                        out[i] = (float) bytes.getDouble(8 * i);
                    }
                }
                default -> throw new DataException(file + ": tensor '" + name + "' has dtype " + dtype
                        + "; jdml reads F32 and F64 weights (convert with tensor.float() before saving)");
            }
            return out;
        }
    }

    private static final long MAX_HEADER = 100L << 20;

    private SafeTensors() {}

    /** Bytes per element of the dtypes the format defines (jdml converts only F32 and F64). */
    static int width(String dtype) {
        return switch (dtype) {
            case "F64", "I64", "U64" -> 8;
            case "F32", "I32", "U32" -> 4;
            case "F16", "BF16", "I16", "U16" -> 2;
            case "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2" -> 1;
            default -> -1;
        };
    }

    /**
     * Every tensor of {@code file}, in header order ({@code __metadata__} left out).
     *
     * @throws DataException naming the file, and the tensor where one is at fault
     */
    public static Map<String, Tensor> read(Path file) {
        ByteBuffer all;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw new DataException(file + " is not a safetensors file: " + size + " bytes, shorter than its header length");
            }
            all = channel.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw DataException.because("Cannot read " + file, e);
        }
        long headerLength = all.getLong(0);
        if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > all.capacity()) {
            throw new DataException(file + " is not a complete safetensors file: its header claims " + headerLength
                    + " bytes of " + (all.capacity() - 8) + " (truncated, or another format)");
        }
        byte[] header = new byte[(int) headerLength];
        all.get(8, header);
        JsonObject json;
        try {
            json = JsonParser.parseString(new String(header, StandardCharsets.UTF_8).trim()).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new DataException(file + ": the safetensors header is not a JSON object (" + e.getMessage() + ")");
        }
        long dataStart = 8 + headerLength;
        long dataSize = all.capacity() - dataStart;
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        List<long[]> ranges = new ArrayList<>();
        for (Map.Entry<String, JsonElement> entry : json.entrySet()) {
            String name = entry.getKey();
            if (name.equals("__metadata__")) {
                continue;
            }
            try {
                JsonObject t = entry.getValue().getAsJsonObject();
                String dtype = t.get("dtype").getAsString();
                long[] shape = new long[t.getAsJsonArray("shape").size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = t.getAsJsonArray("shape").get(i).getAsLong();
                }
                long begin = t.getAsJsonArray("data_offsets").get(0).getAsLong();
                long end = t.getAsJsonArray("data_offsets").get(1).getAsLong();
                int width = width(dtype);
                if (width < 0) {
                    throw new DataException(file + ": tensor '" + name + "' has the unknown dtype " + dtype);
                }
                long expected = Arrays.stream(shape).reduce(1, Math::multiplyExact) * width;
                if (begin < 0 || end < begin || end > dataSize) {
                    throw new DataException(file + ": tensor '" + name + "' lies at bytes " + begin + ".." + end
                            + " of a data section of " + dataSize + " (the file is truncated or damaged)");
                }
                if (end - begin != expected) {
                    throw new DataException(file + ": tensor '" + name + "' has " + (end - begin) + " bytes, but "
                            + dtype + " " + Arrays.toString(shape) + " needs " + expected);
                }
                ranges.add(new long[] {begin, end});
                ByteBuffer data = all.slice((int) (dataStart + begin), (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
                tensors.put(name, new Tensor(dtype, shape, data));
            } catch (DataException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new DataException(file + ": the header entry of tensor '" + name + "' is malformed (" + e + ")");
            }
        }
        ranges.sort((a, b) -> Long.compare(a[0], b[0]));
        for (int i = 1; i < ranges.size(); i++) {
            if (ranges.get(i)[0] < ranges.get(i - 1)[1]) {
                throw new DataException(file + ": two tensors share bytes " + ranges.get(i)[0] + ".." + ranges.get(i - 1)[1]);
            }
        }
        return tensors;
    }

    /** Writes float32 tensors, in the order given, as a safetensors file. */
    public static void writeFloats(Path file, Map<String, float[]> values, Map<String, long[]> shapes) throws IOException {
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        for (Map.Entry<String, float[]> e : values.entrySet()) {
            long bytes = 4L * e.getValue().length;
            header.append(header.length() > 1 ? "," : "").append('"').append(e.getKey()).append("\":{\"dtype\":\"F32\",\"shape\":")
                    .append(Arrays.toString(shapes.get(e.getKey())).replace(" ", "")).append(",\"data_offsets\":[")
                    .append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        header.append('}');
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(8 + padded + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (float[] v : values.values()) {
            for (float f : v) {
                out.putFloat(f);
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, out.array());
    }
}
