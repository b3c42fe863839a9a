package org.jdml.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongConsumer;
import org.jdml.api.data.DataSplit;
import org.jdml.api.data.MetricDataset;
import org.jdml.dataset.internal.ByteImageSplit;
import org.jdml.dataset.internal.IdxWriter;

/**
 * Writes a dataset's splits as IDX files (the MNIST format, big-endian), so that other tools train on
 * exactly the same items. For each split {@code train}, {@code eval} and, when the dataset has one,
 * {@code gallery}:
 *
 * <ul>
 *   <li>{@code <split>-images-idx3-ubyte}: N x H x W unsigned bytes, the grey pixels as stored (0..255,
 *       before normalisation), for datasets kept as one-channel byte images (glyphs, fashion-mnist);
 *   <li>otherwise {@code <split>-items-idx<k>-float}: N x (item shape) 32-bit floats, the items exactly
 *       as the model receives them for evaluation (normalised, not augmented);
 *   <li>{@code <split>-labels-idx1-int}: N 32-bit signed ints, the labels.
 * </ul>
 *
 * The dataset's records (e.g. {@code glyphs-fonts.tsv}) and a {@code README.txt} describing the files
 * are written beside them.
 */
public final class IdxExport {

    private static final int ITEMS_PER_READ = 512;

    private IdxExport() {}

    /**
     * Writes {@code dataset} into {@code dir} (created if needed).
     *
     * @param progress told the number of items written so far
     * @return the files written, name to a one-line description
     */
    public static Map<String, String> write(MetricDataset dataset, Path dir, LongConsumer progress) {
        Map<String, DataSplit> splits = new LinkedHashMap<>();
        splits.put("train", dataset.training());
        splits.put("eval", dataset.evaluation());
        dataset.gallery().ifPresent(g -> splits.put("gallery", g));
        Map<String, String> written = new LinkedHashMap<>();
        long[] done = {0};
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, DataSplit> e : splits.entrySet()) {
                writeSplit(e.getKey(), e.getValue(), dir, written, n -> progress.accept(done[0] += n));
            }
            for (Map.Entry<String, String> record : dataset.records().entrySet()) {
                Files.writeString(dir.resolve(record.getKey()), record.getValue(), StandardCharsets.UTF_8);
                written.put(record.getKey(), "where the data came from");
            }
            StringBuilder readme = new StringBuilder("IDX files (big-endian; magic 0x0000TTDD: type TT = 08 unsigned"
                    + " byte, 0C int32, 0D float32; DD dimensions, each a big-endian int32, then the data).\n");
            written.forEach((name, what) -> readme.append(name).append(": ").append(what).append('\n'));
            Files.writeString(dir.resolve("README.txt"), readme.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the export into " + dir, e);
        }
        return written;
    }

    private static void writeSplit(String name, DataSplit split, Path dir, Map<String, String> written,
            LongConsumer advanced) throws IOException {
        int n = split.size();
        long[] shape = split.itemShape().getShape();
        String labels = name + "-labels-idx1-int";
        if (split instanceof ByteImageSplit bytes && shape.length == 3 && shape[0] == 1) {
            int h = (int) shape[1];
            int w = (int) shape[2];
            byte[] pixels = new byte[Math.multiplyExact(n, h * w)];
            for (int i = 0; i < n; i++) {
                System.arraycopy(bytes.rawItem(i), 0, pixels, i * h * w, h * w);
            }
            advanced.accept(n);
            String file = name + "-images-idx3-ubyte";
            IdxWriter.writeBytes(dir.resolve(file), pixels, n, h, w);
            written.put(file, n + " x " + h + " x " + w + " grey pixels 0..255 (white on black for glyphs), "
                    + "before normalisation");
        } else {
            int itemSize = Math.toIntExact(split.itemShape().size());
            float[] items = new float[Math.multiplyExact(n, itemSize)];
            for (int from = 0; from < n; from += ITEMS_PER_READ) {
                int count = Math.min(ITEMS_PER_READ, n - from);
                int[] indices = new int[count];
                for (int i = 0; i < count; i++) {
                    indices[i] = from + i;
                }
                float[] read = split.read(indices, false, new Random(0));
                System.arraycopy(read, 0, items, from * itemSize, read.length);
                advanced.accept(count);
            }
            int[] dims = new int[shape.length + 1];
            dims[0] = n;
            List<String> parts = new ArrayList<>(List.of(Integer.toString(n)));
            for (int d = 0; d < shape.length; d++) {
                dims[d + 1] = (int) shape[d];
                parts.add(Long.toString(shape[d]));
            }
            String file = name + "-items-idx" + dims.length + "-float";
            IdxWriter.writeFloats(dir.resolve(file), items, dims);
            written.put(file, String.join(" x ", parts) + " float32 items as the model receives them for "
                    + "evaluation (normalised, not augmented)");
        }
        IdxWriter.writeInts(dir.resolve(labels), split.labels(), n);
        written.put(labels, n + " int32 labels");
    }
}
