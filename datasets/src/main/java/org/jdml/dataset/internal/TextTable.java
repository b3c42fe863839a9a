package org.jdml.dataset.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdml.api.data.DataException;

/** A text file of whitespace-separated fields, read with line numbers for messages. */
public final class TextTable {

    /** One non-blank line: its 1-based number in the file and its fields. */
    public record Row(int line, String[] fields) {}

    private final Path file;
    private final List<String> header;
    private final List<Row> rows;

    private TextTable(Path file, List<String> header, List<Row> rows) {
        this.file = file;
        this.header = header;
        this.rows = rows;
    }

    /**
     * Reads {@code file}; the first {@code headerLines} lines are kept apart, blank lines skipped.
     *
     * @throws DataException when the file does not exist or cannot be read
     */
    public static TextTable read(Path file, int headerLines) {
        List<String> header = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            int number = 0;
            while ((text = in.readLine()) != null) {
                number++;
                if (number <= headerLines) {
                    header.add(text);
                } else if (!text.isBlank()) {
                    rows.add(new Row(number, text.trim().split("\\s+")));
                }
            }
        } catch (NoSuchFileException e) {
            throw new DataException(file + " does not exist");
        } catch (IOException e) {
            throw DataException.because("Cannot read " + file, e);
        }
        if (header.size() < headerLines) {
            throw new DataException(file + " is truncated: it should start with " + headerLines + " header line"
                    + (headerLines == 1 ? "" : "s") + " but has " + header.size() + " lines");
        }
        return new TextTable(file, header, rows);
    }

    public Path file() {
        return file;
    }

    public List<String> header() {
        return header;
    }

    public List<Row> rows() {
        return rows;
    }

    /** "images.txt line 17", for an item's source. */
    public String where(Row row) {
        return file.getFileName() + " line " + row.line();
    }

    /** An error about {@code row}: "/data/cub/images.txt line 17: ...". */
    public DataException error(Row row, String message) {
        return new DataException(file + " line " + row.line() + ": " + message);
    }

    /** The row's fields, checking their count. */
    public String[] fields(Row row, int count, String layout) {
        if (row.fields().length != count) {
            throw error(row, "expected " + count + " fields (" + layout + "), found " + row.fields().length);
        }
        return row.fields();
    }

    /** A whole number field. */
    public int integer(Row row, int field, String what) {
        String text = row.fields()[field];
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw error(row, what + " must be a whole number, found '" + text + "'");
        }
    }

    /** A decimal number field ("60.0", "27"). */
    public double number(Row row, int field, String what) {
        String text = row.fields()[field];
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw error(row, what + " must be a number, found '" + text + "'");
        }
    }
}
