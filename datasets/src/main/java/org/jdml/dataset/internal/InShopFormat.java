package org.jdml.dataset.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdml.api.data.DataException;
import org.jdml.dataset.image.ImageItem;

/**
 * In-Shop Clothes Retrieval: {@code list_eval_partition.txt} holds the number of images, a line of
 * column names, then {@code image_name item_id evaluation_status} with status {@code train},
 * {@code query} or {@code gallery}. Image names are relative to the dataset folder
 * ({@code img/WOMEN/...}); items are the classes. Queries are searched against the gallery.
 */
public final class InShopFormat {

    public static final String PARTITION = "list_eval_partition.txt";
    private static final String LAYOUT = "image_name item_id evaluation_status";

    private InShopFormat() {}

    /** @return {training, query, gallery} */
    public static List<List<ImageItem>> read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DataException("In-Shop folder " + dir.toAbsolutePath() + " does not exist");
        }
        TextTable table = TextTable.read(dir.resolve(PARTITION), 2);
        String count = table.header().get(0).trim();
        int announced;
        try {
            announced = Integer.parseInt(count);
        } catch (NumberFormatException e) {
            throw new DataException(table.file() + " line 1: expected the number of images, found '" + count + "'");
        }
        if (announced != table.rows().size()) {
            throw new DataException(table.file() + " line 1: announces " + announced + " images but the file lists "
                    + table.rows().size());
        }
        List<ImageItem> train = new ArrayList<>();
        List<ImageItem> query = new ArrayList<>();
        List<ImageItem> gallery = new ArrayList<>();
        for (TextTable.Row row : table.rows()) {
            String[] fields = table.fields(row, 3, LAYOUT);
            ImageItem item = new ImageItem(dir.resolve(fields[0]), fields[1], table.where(row));
            switch (fields[2]) {
                case "train" -> train.add(item);
                case "query" -> query.add(item);
                case "gallery" -> gallery.add(item);
                default -> throw table.error(row, "evaluation_status must be train, query or gallery, found '"
                        + fields[2] + "'");
            }
        }
        return List.of(train, query, gallery);
    }
}
