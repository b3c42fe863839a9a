package org.jdml.dataset.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.jdml.api.data.DataException;
import org.jdml.dataset.image.Box;
import org.jdml.dataset.image.ImageItem;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Char;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Struct;

/**
 * Cars196's {@code cars_annos.mat}: a struct array {@code annotations} with (among others) the
 * fields {@code relative_im_path} ({@code car_ims/000001.jpg}, relative to the dataset folder) and
 * {@code class} (1..196). The first {@code trainClasses} class ids train, the rest evaluate; the
 * file's {@code test} flags are not used (zero-shot protocol). With boxes, the fields
 * {@code bbox_x1}, {@code bbox_y1}, {@code bbox_x2} and {@code bbox_y2} (MATLAB's 1-based pixel
 * columns and rows, both corners inside the box) give each image the region to crop to.
 */
public final class CarsFormat {

    public static final String ANNOTATIONS_FILE = "cars_annos.mat";
    static final String VARIABLE = "annotations";
    static final String PATH_FIELD = "relative_im_path";
    static final String CLASS_FIELD = "class";
    static final List<String> BOX_FIELDS = List.of("bbox_x1", "bbox_y1", "bbox_x2", "bbox_y2");

    private CarsFormat() {}

    /**
     * @param cropToBoxes give each item its box from the {@code bbox_*} fields
     * @return {training, evaluation}
     * @throws DataException naming the file and the entry ({@code annotations(17).class}) at fault
     */
    public static List<List<ImageItem>> read(Path dir, int trainClasses, boolean cropToBoxes) {
        Path file = dir.resolve(ANNOTATIONS_FILE);
        if (!Files.isRegularFile(file)) {
            throw new DataException(file.toAbsolutePath() + " does not exist (Cars196 keeps its labels there)");
        }
        Struct annotations;
        Mat5File mat;
        try {
            mat = Mat5.readFromFile(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new DataException("Cannot read " + file + ": it is not a complete MATLAB v5 .mat file (is it"
                    + " truncated, or another format? Stanford's cars_annos.mat is 185 KB). The reader said: "
                    + plain(e), e);
        }
        try (mat) {
            annotations = annotations(file, mat, cropToBoxes);
            List<String> paths = new ArrayList<>();
            List<Integer> classes = new ArrayList<>();
            List<Box> boxes = new ArrayList<>();
            int n = annotations.getNumElements();
            for (int i = 0; i < n; i++) {
                paths.add(text(file, annotations.get(PATH_FIELD, i), i));
                classes.add(classId(file, annotations.get(CLASS_FIELD, i), i));
                boxes.add(cropToBoxes ? box(file, annotations, i) : null);
            }
            int boundary = new TreeSet<>(classes).stream().skip(Math.max(0, trainClasses - 1)).findFirst()
                    .orElse(Integer.MAX_VALUE);
            List<ImageItem> train = new ArrayList<>();
            List<ImageItem> eval = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ImageItem item = new ImageItem(dir.resolve(paths.get(i)), classes.get(i).toString(),
                        ANNOTATIONS_FILE + " " + entry(i), boxes.get(i));
                (classes.get(i) <= boundary ? train : eval).add(item);
            }
            return List.of(train, eval);
        } catch (IOException e) {
            throw DataException.because("Cannot read " + file, e);
        }
    }

    /** The reader's complaint without exception class names: "the file ends too early", not "java.io.EOFException". */
    private static String plain(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.EOFException || t instanceof java.nio.BufferUnderflowException) {
                return "the file ends too early";
            }
        }
        String message = e.getMessage() == null ? "" : e.getMessage().replaceAll("\\b(?:[a-z]\\w*\\.)+\\w*(?:Exception|Error):? ?", "").trim();
        return message.isEmpty() ? "it could not make sense of the bytes" : message;
    }

    private static Struct annotations(Path file, MatFile mat, boolean withBoxes) {
        List<String> names = new ArrayList<>();
        Array found = null;
        for (MatFile.Entry entry : mat.getEntries()) {
            names.add(entry.getName());
            if (entry.getName().equals(VARIABLE)) {
                found = entry.getValue();
            }
        }
        if (found == null) {
            throw new DataException(file + " has no variable '" + VARIABLE + "' (it holds " + names + ")");
        }
        if (!(found instanceof Struct struct)) {
            throw new DataException(file + ": '" + VARIABLE + "' should be a struct array but is a "
                    + found.getType() + " " + dims(found));
        }
        int[] dims = struct.getDimensions();
        if (dims.length != 2 || Math.min(dims[0], dims[1]) != 1 || struct.getNumElements() == 0) {
            throw new DataException(file + ": '" + VARIABLE + "' should be a 1xN struct array but is " + dims(found));
        }
        List<String> fields = struct.getFieldNames();
        List<String> required = new ArrayList<>(List.of(PATH_FIELD, CLASS_FIELD));
        if (withBoxes) {
            required.addAll(BOX_FIELDS);
        }
        for (String field : required) {
            if (!fields.contains(field)) {
                throw new DataException(file + ": '" + VARIABLE + "' lacks the field '" + field + "' (its fields: "
                        + fields + ")" + (BOX_FIELDS.contains(field) ? "; crop-to-box needs the bbox_* fields" : ""));
            }
        }
        return struct;
    }

    private static String text(Path file, Array value, int i) {
        if (!(value instanceof Char chars) || chars.getNumElements() == 0) {
            throw new DataException(file + ": " + entry(i) + "." + PATH_FIELD + " should be text but is "
                    + describe(value));
        }
        return chars.getString().trim();
    }

    /** The entry's box, from MATLAB's inclusive 1-based corners to a 0-based origin and a size. */
    private static Box box(Path file, Struct annotations, int i) {
        double[] corner = new double[4];
        for (int f = 0; f < 4; f++) {
            Array value = annotations.get(BOX_FIELDS.get(f), i);
            if (!(value instanceof Matrix matrix) || matrix.getNumElements() != 1) {
                throw new DataException(file + ": " + entry(i) + "." + BOX_FIELDS.get(f) + " should be one number but is "
                        + describe(value));
            }
            corner[f] = matrix.getDouble(0);
        }
        double x = corner[0] - 1;
        double y = corner[1] - 1;
        double width = corner[2] - corner[0] + 1;
        double height = corner[3] - corner[1] + 1;
        if (!Box.valid(x, y, width, height)) {
            throw new DataException(file + ": " + entry(i) + " has the box x1 " + corner[0] + ", y1 " + corner[1]
                    + ", x2 " + corner[2] + ", y2 " + corner[3] + "; expected 1 <= x1 <= x2 and 1 <= y1 <= y2");
        }
        return new Box(x, y, width, height);
    }

    private static int classId(Path file, Array value, int i) {
        if (value instanceof Matrix matrix && matrix.getNumElements() == 1) {
            double id = matrix.getDouble(0);
            if (id >= 1 && id == Math.rint(id) && id <= Integer.MAX_VALUE) {
                return (int) id;
            }
            throw new DataException(file + ": " + entry(i) + "." + CLASS_FIELD + " should be a class id >= 1 but is "
                    + id);
        }
        throw new DataException(file + ": " + entry(i) + "." + CLASS_FIELD + " should be one number but is "
                + describe(value));
    }

    /** "annotations(17)", 1-based as MATLAB writes it. */
    static String entry(int i) {
        return VARIABLE + "(" + (i + 1) + ")";
    }

    private static String describe(Array value) {
        return value == null ? "missing" : "a " + value.getType() + " " + dims(value);
    }

    private static String dims(Array value) {
        int[] dims = value.getDimensions();
        StringBuilder text = new StringBuilder();
        for (int d = 0; d < dims.length; d++) {
            text.append(d == 0 ? "" : "x").append(dims[d]);
        }
        return text.toString();
    }
}
