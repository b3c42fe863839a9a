package org.jdml.dataset.glyphs;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdml.api.data.DataException;

/** The characters that become classes, in class order. */
public final class CharacterSet {

    /** Rows 16 to 55 of GB2312 (level 1): bytes 0xB0A1 to 0xD7F9, 94 a row, row 55 ending at 0xF9. */
    private static final int FIRST_ROW = 0xB0;
    private static final int LAST_ROW = 0xD7;
    private static final int FIRST_CELL = 0xA1;
    private static final int LAST_CELL = 0xFE;
    private static final int LAST_CELL_OF_LAST_ROW = 0xF9;

    private CharacterSet() {}

    /** The 3,755 characters of GB2312 level 1 in code order, decoded with the JDK's GB2312 charset. */
    public static int[] gb2312Level1() {
        Charset gb2312 = Charset.forName("GB2312");
        List<Integer> points = new ArrayList<>();
        for (int row = FIRST_ROW; row <= LAST_ROW; row++) {
            int last = row == LAST_ROW ? LAST_CELL_OF_LAST_ROW : LAST_CELL;
            for (int cell = FIRST_CELL; cell <= last; cell++) {
                String decoded;
                try {
                    decoded = gb2312.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(java.nio.ByteBuffer.wrap(new byte[] {(byte) row, (byte) cell})).toString();
                } catch (CharacterCodingException e) {
                    throw new IllegalStateException(String.format("GB2312 0x%02X%02X does not decode", row, cell), e);
                }
                points.add(decoded.codePointAt(0));
            }
        }
        return points.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The characters of a UTF-8 text file in file order. ASCII spaces, tabs and line breaks separate
     * them and a leading byte-order mark is ignored; every other character is a class (U+3000, the
     * ideographic space, too: it renders blank).
     *
     * @throws DataException naming the file when it cannot be read, is not UTF-8, holds no character
     *     or repeats one (a class must be listed once)
     */
    public static int[] fromFile(Path file) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new DataException("The character file " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw DataException.because("Cannot read the character file " + file, e);
        }
        Map<Integer, Integer> firstAt = new LinkedHashMap<>();
        List<String> repeated = new ArrayList<>();
        int[] points = text.codePoints().filter(c -> c != ' ' && c != '\t' && c != '\n' && c != '\r'
                && c != 0xFEFF).toArray();
        for (int i = 0; i < points.length; i++) {
            Integer before = firstAt.putIfAbsent(points[i], i);
            if (before != null) {
                repeated.add(new String(Character.toChars(points[i])) + " (" + describe(points[i]) + ")");
            }
        }
        if (firstAt.isEmpty()) {
            throw new DataException("The character file " + file + " holds no character (ASCII spaces, tabs and line breaks are ignored)");
        }
        if (!repeated.isEmpty()) {
            throw new DataException("The character file " + file + " lists characters more than once, but each is "
                    + "one class: " + String.join(", ", repeated));
        }
        return firstAt.keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    /** U+XXXX. */
    public static String describe(int codePoint) {
        return String.format("U+%04X", codePoint);
    }
}
