package org.jdml.dataset.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jdml.api.data.DataException;
import org.jdml.dataset.image.ImageItem;

/**
 * A CSV manifest: a header line naming the columns, then one image per line. Columns {@code path}
 * (relative to the CSV's folder, or absolute) and {@code label} are required; {@code split}, with
 * values {@code train} and {@code eval} (or {@code train}, {@code query} and {@code gallery}), is
 * optional. Column names are case-insensitive and may come in any order; other columns are ignored.
 * Fields may be quoted ({@code "a, b"}, with {@code ""} for a quote, line breaks allowed inside);
 * spaces around a field are ignored. Apache Commons CSV parses; this class checks the columns and
 * rows and names the line of every problem (the line a record starts on).
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

    /** Commas, double quotes ({@code ""} inside), spaces around fields ignored, blank lines skipped. */
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true)
            .setIgnoreEmptyLines(true).build();

    /** @throws DataException naming the file and line of a missing column, a short row or an unknown split */
    public static Manifest read(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DataException("CSV manifest " + file.toAbsolutePath() + " does not exist");
        } catch (IOException e) {
            throw DataException.because("Cannot read " + file, e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Lines lines = new Lines(text);
        List<ImageItem> items = new ArrayList<>();
        List<String> splits = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        Map<Path, Listed> listed = new HashMap<>();
        int repeated = 0;
        int firstRepeat = 0;
        Columns columns = null;
        try (CSVParser parser = CSVParser.parse(text, FORMAT)) {
            Iterator<CSVRecord> records = parser.iterator();
            while (next(records, file, parser)) {
                CSVRecord record = records.next();
                int number = lines.of(text, record.getCharacterPosition());
                if (columns == null) {
                    columns = Columns.of(file, number, record.toList());
                    continue;
                }
                if (record.size() != columns.count()) {
                    throw new DataException(file + " line " + number + ": expected " + columns.count()
                            + " fields as in the header, found " + record.size());
                }
                String path = record.get(columns.path());
                String label = record.get(columns.label());
                if (path.isEmpty() || label.isEmpty()) {
                    throw new DataException(file + " line " + number + ": empty " + (path.isEmpty() ? "path" : "label"));
                }
                if (columns.split() >= 0) {
                    String split = record.get(columns.split()).toLowerCase(Locale.ROOT);
                    if (!List.of("train", "eval", "query", "gallery").contains(split)) {
                        throw new DataException(file + " line " + number + ": split must be train, eval, query or gallery,"
                                + " found '" + record.get(columns.split()) + "'");
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
                numbers.add(number);
            }
        } catch (IOException e) {
            throw DataException.because("Cannot read " + file, e);
        }
        if (columns == null) {
            throw new DataException(file + " is empty: it needs a header line (path,label[,split]) and one line per image");
        }
        if (repeated > 0) {
            LOG.warn("{}: {} line(s) list an image that an earlier line lists already (first on line {}); each"
                    + " is kept as listed, so the image counts more than once (and, listed in two splits, is"
                    + " trained on and evaluated)", file, repeated, firstRepeat);
        }
        if (items.isEmpty()) {
            throw new DataException(file + " lists no images");
        }
        return new Manifest(file, items, columns.split() >= 0 ? splits : null, numbers);
    }

    /** Whether another record follows; a malformed one (an unclosed quote, text after a closing quote) names its line. */
    private static boolean next(Iterator<CSVRecord> records, Path file, CSVParser parser) {
        try {
            return records.hasNext();
        } catch (UncheckedIOException | IllegalStateException e) {
            String reason = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                    : String.valueOf(e.getMessage());
            java.util.regex.Matcher start = java.util.regex.Pattern.compile("(?:\\(startline |at line: )(\\d+)")
                    .matcher(reason);
            String line = start.find() ? start.group(1) : Long.toString(parser.getCurrentLineNumber() + 1);
            String what = reason.contains("EOF reached before encapsulated token finished")
                    ? "a quoted field is not closed" : reason.toLowerCase(Locale.ROOT).contains("invalid char")
                    ? "text after a closing quote" : "malformed CSV";
            throw new DataException(file + " line " + line + ": " + what);
        }
    }

    /** Where the header put the columns jdml reads. */
    private record Columns(int count, int path, int label, int split) {

        static Columns of(Path file, int line, List<String> header) {
            int path = -1;
            int label = -1;
            int split = -1;
            for (int c = 0; c < header.size(); c++) {
                String name = header.get(c).toLowerCase(Locale.ROOT);
                int previous = switch (name) {
                    case "path" -> path;
                    case "label" -> label;
                    case "split" -> split;
                    default -> -2;
                };
                if (previous >= 0) {
                    throw new DataException(file + " line " + line + ": column '" + name + "' appears twice");
                }
                switch (name) {
                    case "path" -> path = c;
                    case "label" -> label = c;
                    case "split" -> split = c;
                    default -> { }
                }
            }
            if (path < 0 || label < 0) {
                throw new DataException(file + " line " + line + ": the header must name the columns path and label (and"
                        + " optionally split), found " + header);
            }
            return new Columns(header.size(), path, label, split);
        }
    }

    /** Line numbers of character positions; a record's line is where it starts (quoted fields may span lines). */
    private static final class Lines {

        private final int[] starts;

        Lines(String text) {
            List<Integer> found = new ArrayList<>(List.of(0));
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    found.add(i + 1);
                }
            }
            starts = found.stream().mapToInt(Integer::intValue).toArray();
        }

        /** The line of the first character at or after {@code position} that is not a line break (blank lines skipped). */
        int of(String text, long position) {
            int p = (int) position;
            while (p < text.length() && (text.charAt(p) == '\n' || text.charAt(p) == '\r')) {
                p++;
            }
            int at = java.util.Arrays.binarySearch(starts, p);
            return (at >= 0 ? at : -at - 2) + 1;
        }
    }
}
