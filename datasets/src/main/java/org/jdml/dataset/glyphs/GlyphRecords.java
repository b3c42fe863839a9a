package org.jdml.dataset.glyphs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run on glyphs records in its folder: {@value #FONTS} (one line per face: its file's path,
 * size and SHA-256, the face's name and the images kept from it; unreadable files too) and
 * {@value #CLASSES} (one line per character: class, character, code point, split, faces that map it,
 * images kept). Two runs drew from the same fonts exactly when their font records are equal.
 */
public final class GlyphRecords {

    public static final String FONTS = "glyphs-fonts.tsv";
    public static final String CLASSES = "glyphs-classes.tsv";

    private GlyphRecords() {}

    public static Map<String, String> of(FontManifest manifest, List<FontManifest.Face> used, int[] characters,
            int trainClasses, GlyphImages images) {
        int[] perFace = new int[manifest.faces().size()];
        for (int face : images.faces()) {
            perFace[face]++;
        }
        StringBuilder fonts = new StringBuilder();
        fonts.append("# ").append(manifest.files().size()).append(" font files, ").append(manifest.faces().size())
                .append(" faces, ").append(used.size()).append(" mapping a character; ").append(images.count())
                .append(" images kept, ").append(images.blank()).append(" blank and ").append(images.duplicates())
                .append(" duplicate renders dropped\n");
        fonts.append("path\tbytes\tsha256\tface\timages\n");
        List<FontManifest.FontFile> files = manifest.files();
        for (FontManifest.Face face : manifest.faces()) {
            FontManifest.FontFile file = files.get(face.file());
            fonts.append(file.path()).append('\t').append(file.size()).append('\t').append(file.sha256()).append('\t')
                    .append(face.name()).append('\t').append(perFace[face.index()]).append('\n');
        }
        for (String unreadable : manifest.unreadable()) {
            fonts.append("# skipped ").append(unreadable).append('\n');
        }
        int[] perClass = images.perClass(characters.length);
        StringBuilder classes = new StringBuilder("class\tcharacter\tcode-point\tsplit\tfaces\timages\n");
        for (int c = 0; c < characters.length; c++) {
            int mapping = 0;
            for (FontManifest.Face face : used) {
                mapping += face.font().canDisplay(characters[c]) ? 1 : 0;
            }
            classes.append(c).append('\t').append(Character.toChars(characters[c])).append('\t')
                    .append(CharacterSet.describe(characters[c])).append('\t')
                    .append(c < trainClasses ? "train" : "eval").append('\t').append(mapping).append('\t')
                    .append(perClass[c]).append('\n');
        }
        Map<String, String> records = new LinkedHashMap<>();
        records.put(FONTS, fonts.toString());
        records.put(CLASSES, classes.toString());
        return records;
    }
}
