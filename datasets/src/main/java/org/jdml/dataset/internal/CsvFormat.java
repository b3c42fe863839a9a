package org.jdml.dataset.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jdml.api.data.DataException;
import org.jdml.dataset.image.ImageItem;

/**
 * A CSV manifest: a header line naming the columns, then one image per line. Columns {@code path}
 * (relative to the CSV's folder, or absolute) and {@code label} are required; {@code split}, with
 * values {@code train} and {@code eval} (or {@code train}, {@code query} and {@code gallery}), is
 * optional. Column names are case-insensitive and may come in any order; other columns are ignored.
 * Fields may be quoted ({@code "a, b"}, with {@code ""} for a quote).
 */
public final class CsvFormat {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CsvFormat.class);

    /** Where an image was first listed, and with which class. */
    private record Listed(int line, String label) {}

    /** The manifest's images and, when it has a split column, each image's split. */
    public record Manifest(Path file, List<ImageItem> items, List<String> splits, List<Integer> lines) {

        public boolean hasSplitColumn() {
            return splits != null;
        }

        /**
         * {training, evaluation or query, gallery or null} from the split column.
         *
         * @throws DataException when a split is empty or eval is mixed with query/gallery, naming a line
         */
        public List<List<ImageItem>> bySplit() {
            List<ImageItem> train = new ArrayList<>();
            List<ImageItem> eval = new ArrayList<>();
            List<ImageItem> query = new ArrayList<>();
            List<ImageItem> gallery = new ArrayList<>();
            int firstEval = 0;
            int firstQueryOrGallery = 0;
            for (int i = 0; i < items.size(); i++) {
                switch (splits.get(i)) {
                    case "train" -> train.add(items.get(i));
                    case "eval" -> {
                        eval.add(items.get(i));
                        firstEval = firstEval == 0 ? lines.get(i) : firstEval;
                    }
                    case "query", "gallery" -> {
                        (splits.get(i).equals("query") ? query : gallery).add(items.get(i));
                        firstQueryOrGallery = firstQueryOrGallery == 0 ? lines.get(i) : firstQueryOrGallery;
                    }
                    default -> throw new IllegalStateException(splits.get(i));
                }
            }
            if (!eval.isEmpty() && firstQueryOrGallery > 0) {
                throw new DataException(file + " line " + Math.max(firstEval, firstQueryOrGallery)
                        + ": the split column mixes eval (first on line " + firstEval + ") with query/gallery (first on line "
                        + firstQueryOrGallery + "); use train/eval or train/query/gallery");
            }
            if (firstQueryOrGallery > 0 && (query.isEmpty() || gallery.isEmpty())) {
                throw new DataException(file + ": the split column has " + (query.isEmpty() ? "gallery" : "query")
                        + " images (first on line " + firstQueryOrGallery + ") but no "
                        + (query.isEmpty() ? "query" : "gallery") + " images");
            }
            return firstQueryOrGallery > 0 ? java.util.Arrays.asList(train, query, gallery)
                    : java.util.Arrays.asList(train, eval, null);
        }
    }

    private CsvFormat() {}

    /** @throws DataException naming the file and line of a missing column, a short row or an unknown split */
    public static Manifest read(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        List<ImageItem> items = new ArrayList<>();
        List<String> splits = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        int pathColumn = -1;
        int labelColumn = -1;
        int splitColumn = -1;
        int columns = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text = in.readLine();
            if (text == null) {
                throw new DataException(file + " is empty: it needs a header line (path,label[,split]) and one line per image");
            }
            List<String> header = parse(file, 1, text.startsWith("\uFEFF") ? text.substring(1) : text);
            columns = header.size();
            for (int c = 0; c < header.size(); c++) {
                String name = header.get(c).toLowerCase(Locale.ROOT);
                int previous = switch (name) {
                    case "path" -> pathColumn;
                    case "label" -> labelColumn;
                    case "split" -> splitColumn;
                    default -> -2;
                };
                if (previous >= 0) {
                    throw new DataException(file + " line 1: column '" + name + "' appears twice");
                }
                switch (name) {
                    case "path" -> pathColumn = c;
                    case "label" -> labelColumn = c;
                    case "split" -> splitColumn = c;
                    default -> { }
                }
            }
            if (pathColumn < 0 || labelColumn < 0) {
                throw new DataException(file + " line 1: the header must name the columns path and label (and"
                        + " optionally split), found " + header);
            }
            int number = 1;
            java.util.Map<Path, Listed> listed = new java.util.HashMap<>();
            int repeated = 0;
            int firstRepeat = 0;
            while ((text = in.readLine()) != null) {
                number++;
                if (text.isBlank()) {
                    continue;
                }
                List<String> fields = parse(file, number, text);
                if (fields.size() != columns) {
                    throw new DataException(file + " line " + number + ": expected " + columns + " fields as in the header, found "
                            + fields.size());
                }
                String path = fields.get(pathColumn);
                String label = fields.get(labelColumn);
                if (path.isEmpty() || label.isEmpty()) {
                    throw new DataException(file + " line " + number + ": empty " + (path.isEmpty() ? "path" : "label"));
                }
                if (splitColumn >= 0) {
                    String split = fields.get(splitColumn).toLowerCase(Locale.ROOT);
                    if (!List.of("train", "eval", "query", "gallery").contains(split)) {
                        throw new DataException(file + " line " + number + ": split must be train, eval, query or gallery,"
                                + " found '" + fields.get(splitColumn) + "'");
                    }
                    splits.add(split);
                }
                Path image = folder.resolve(path).normalize();
                Listed earlier = listed.putIfAbsent(image, new Listed(number, label));
                if (earlier != null) {
                    if (!earlier.label().equals(label)) {
                        throw new DataException(file + " line " + number + ": " + path + " is listed again with class '"
                                + label + "'; line " + earlier.line() + " gave it class '" + earlier.label()
                                + "' (an image belongs to one class)");
                    }
                    repeated++;
                    if (firstRepeat == 0) {
                        firstRepeat = number;
                    }
                }
                items.add(new ImageItem(folder.resolve(path), label, file.getFileName() + " line " + number));
                lines.add(number);
            }
            if (repeated > 0) {
                LOG.warn("{}: {} line(s) list an image that an earlier line lists already (first on line {}); each"
                        + " is kept as listed, so the image counts more than once (and, listed in two splits, is"
                        + " trained on and evaluated)", file, repeated, firstRepeat);
            }
        } catch (NoSuchFileException e) {
            throw new DataException("CSV manifest " + file.toAbsolutePath() + " does not exist");
        } catch (IOException e) {
            throw DataException.because("Cannot read " + file, e);
        }
        if (items.isEmpty()) {
            throw new DataException(file + " lists no images");
        }
        return new Manifest(file, items, splitColumn >= 0 ? splits : null, lines);
    }

    /** The fields of one CSV line; quoted fields keep their spaces, unquoted ones are trimmed. */
    static List<String> parse(Path file, int line, String text) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (true) {
            while (i < text.length() && text.charAt(i) == ' ') {
                i++;
            }
            if (i < text.length() && text.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= text.length()) {
                        throw new DataException(file + " line " + line + ": a quoted field is not closed");
                    }
                    char c = text.charAt(i++);
                    if (c == '"') {
                        if (i < text.length() && text.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
                while (i < text.length() && text.charAt(i) != ',') {
                    if (text.charAt(i) != ' ') {
                        throw new DataException(file + " line " + line + ": text after a closing quote");
                    }
                    i++;
                }
                fields.add(field.toString());
            } else {
                int comma = text.indexOf(',', i);
                int end = comma < 0 ? text.length() : comma;
                fields.add(text.substring(i, end).trim());
                i = end;
            }
            field.setLength(0);
            if (i >= text.length()) {
                return fields;
            }
            i++; // the comma
        }
    }
}
