package org.jdml.dataset.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdml.api.data.DataException;
import org.jdml.dataset.image.ImageItem;

/**
 * Stanford Online Products: {@code Ebay_train.txt} (training) and {@code Ebay_test.txt}
 * (evaluation), each a header line then {@code image_id class_id super_class_id path}, the path
 * relative to the dataset folder. The two files' classes are disjoint (11,318 and 11,316).
 */
public final class SopFormat {

    public static final String TRAIN = "Ebay_train.txt";
    public static final String TEST = "Ebay_test.txt";
    private static final String LAYOUT = "image_id class_id super_class_id path";

    private SopFormat() {}

    /** The folder that holds the lists: {@code dir}, or the {@code Stanford_Online_Products} folder the archive unpacks into. */
    public static Path root(Path dir) {
        Path nested = dir.resolve("Stanford_Online_Products");
        return !Files.isRegularFile(dir.resolve(TRAIN)) && Files.isRegularFile(nested.resolve(TRAIN)) ? nested : dir;
    }

    /** @return {training, evaluation} */
    public static List<List<ImageItem>> read(Path dir) {
        Path root = root(dir);
        if (!Files.isDirectory(root)) {
            throw new DataException("Stanford Online Products folder " + root.toAbsolutePath() + " does not exist");
        }
        return List.of(list(root, TRAIN), list(root, TEST));
    }

    private static List<ImageItem> list(Path root, String name) {
        TextTable table = TextTable.read(root.resolve(name), 1);
        List<ImageItem> items = new ArrayList<>(table.rows().size());
        for (TextTable.Row row : table.rows()) {
            String[] fields = table.fields(row, 4, LAYOUT);
            table.integer(row, 0, "image_id");
            int classId = table.integer(row, 1, "class_id");
            table.integer(row, 2, "super_class_id");
            items.add(new ImageItem(root.resolve(fields[3]), Integer.toString(classId), table.where(row)));
        }
        return items;
    }
}
