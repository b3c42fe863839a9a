package org.jdml.dataset.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jdml.api.data.DataException;
import org.jdml.dataset.image.Box;
import org.jdml.dataset.image.ImageItem;

/**
 * CUB-200-2011's lists: {@code images.txt} ({@code <image id> <path under images/>}),
 * {@code image_class_labels.txt} ({@code <image id> <class id>}) and {@code classes.txt}
 * ({@code <class id> <name>}). The first {@code trainClasses} class ids (ascending) train, the rest
 * evaluate; the official train/test file split is not used (zero-shot protocol). With boxes,
 * {@code bounding_boxes.txt} ({@code <image id> <x> <y> <width> <height>}, pixels, top-left origin)
 * gives each image the region to crop to.
 */
public final class CubFormat {

    public static final String IMAGES = "images.txt";
    public static final String LABELS = "image_class_labels.txt";
    public static final String CLASSES = "classes.txt";
    public static final String BOXES = "bounding_boxes.txt";

    private CubFormat() {}

    /** The folder that holds the lists: {@code dir} itself, or the {@code CUB_200_2011} folder the archive unpacks into. */
    public static Path root(Path dir) {
        if (!Files.isRegularFile(dir.resolve(IMAGES)) && Files.isRegularFile(dir.resolve("CUB_200_2011").resolve(IMAGES))) {
            return dir.resolve("CUB_200_2011");
        }
        return dir;
    }

    /**
     * @param cropToBoxes give each item its box from {@value #BOXES}
     * @return {training, evaluation}
     * @throws DataException naming the file and line of every inconsistency
     */
    public static List<List<ImageItem>> read(Path dir, int trainClasses, boolean cropToBoxes) {
        Path root = root(dir);
        if (!Files.isDirectory(root)) {
            throw new DataException("CUB-200-2011 folder " + root.toAbsolutePath() + " does not exist");
        }
        TextTable classes = TextTable.read(root.resolve(CLASSES), 0);
        TreeSet<Integer> classIds = new TreeSet<>();
        for (TextTable.Row row : classes.rows()) {
            if (row.fields().length < 2) {
                throw classes.error(row, "expected <class id> <name>");
            }
            if (!classIds.add(classes.integer(row, 0, "the class id"))) {
                throw classes.error(row, "class " + row.fields()[0] + " is listed twice");
            }
        }
        TextTable images = TextTable.read(root.resolve(IMAGES), 0);
        Map<Integer, TextTable.Row> imageRows = new HashMap<>();
        for (TextTable.Row row : images.rows()) {
            images.fields(row, 2, "<image id> <path>");
            int id = images.integer(row, 0, "the image id");
            TextTable.Row previous = imageRows.put(id, row);
            if (previous != null) {
                throw images.error(row, "image " + id + " is listed twice (also on line " + previous.line() + ")");
            }
        }
        TextTable labels = TextTable.read(root.resolve(LABELS), 0);
        Map<Integer, Integer> classOf = new HashMap<>();
        for (TextTable.Row row : labels.rows()) {
            labels.fields(row, 2, "<image id> <class id>");
            int id = labels.integer(row, 0, "the image id");
            int label = labels.integer(row, 1, "the class id");
            if (!imageRows.containsKey(id)) {
                throw labels.error(row, "names image " + id + ", which " + IMAGES + " does not list");
            }
            if (!classIds.contains(label)) {
                throw labels.error(row, "names class " + label + ", which " + CLASSES + " does not list");
            }
            if (classOf.put(id, label) != null) {
                throw labels.error(row, "gives image " + id + " a second class");
            }
        }
        Map<Integer, Box> boxes = cropToBoxes ? boxes(root.resolve(BOXES), imageRows) : Map.of();
        int boundary = classIds.stream().skip(Math.max(0, trainClasses - 1)).findFirst().orElse(Integer.MAX_VALUE);
        List<ImageItem> train = new ArrayList<>();
        List<ImageItem> eval = new ArrayList<>();
        for (TextTable.Row row : images.rows()) {
            int id = Integer.parseInt(row.fields()[0]);
            Integer label = classOf.get(id);
            if (label == null) {
                throw images.error(row, "image " + id + " has no class in " + LABELS);
            }
            Box box = boxes.get(id);
            if (cropToBoxes && box == null) {
                throw images.error(row, "image " + id + " has no box in " + BOXES + " (crop-to-box is on)");
            }
            ImageItem item = new ImageItem(root.resolve("images").resolve(row.fields()[1]), label.toString(),
                    images.where(row), box);
            (label <= boundary ? train : eval).add(item);
        }
        return List.of(train, eval);
    }

    /** Each listed image's box; a malformed line is an error naming file and line. */
    private static Map<Integer, Box> boxes(Path file, Map<Integer, TextTable.Row> imageRows) {
        TextTable table = TextTable.read(file, 0);
        Map<Integer, Box> boxes = new HashMap<>();
        for (TextTable.Row row : table.rows()) {
            table.fields(row, 5, "<image id> <x> <y> <width> <height>");
            int id = table.integer(row, 0, "the image id");
            double x = table.number(row, 1, "x");
            double y = table.number(row, 2, "y");
            double width = table.number(row, 3, "the width");
            double height = table.number(row, 4, "the height");
            if (!Box.valid(x, y, width, height)) {
                throw table.error(row, "a box needs x, y >= 0 and width, height > 0");
            }
            if (!imageRows.containsKey(id)) {
                throw table.error(row, "names image " + id + ", which " + IMAGES + " does not list");
            }
            if (boxes.put(id, new Box(x, y, width, height)) != null) {
                throw table.error(row, "gives image " + id + " a second box");
            }
        }
        return boxes;
    }
}
