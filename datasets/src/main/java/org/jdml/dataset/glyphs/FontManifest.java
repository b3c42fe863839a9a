package org.jdml.dataset.glyphs;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.jdml.api.data.DataException;

/**
 * The font files found in a list of folders (searched recursively for {@code .ttf}, {@code .otf},
 * {@code .ttc} and {@code .otc}), sorted by path so that every machine lists them in the same order,
 * each with its size, SHA-256 checksum and the faces AWT reads from it (a collection holds several).
 * A link to a file already listed is counted once. A file AWT cannot read is left out and named in
 * {@link #unreadable()}.
 */
public final class FontManifest {

    /** One font file and the faces it holds, in the file's order. */
    public record FontFile(Path path, long size, String sha256, List<Font> faces) {}

    private final List<FontFile> files;
    private final List<String> unreadable;
    private final List<Path> missingFolders;

    private FontManifest(List<FontFile> files, List<String> unreadable, List<Path> missingFolders) {
        this.files = List.copyOf(files);
        this.unreadable = List.copyOf(unreadable);
        this.missingFolders = List.copyOf(missingFolders);
    }

    /** Lists and reads the font files of {@code folders} (a folder that does not exist is noted, not an error). */
    public static FontManifest scan(List<Path> folders) {
        Set<Path> found = new LinkedHashSet<>();
        List<Path> missing = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                missing.add(folder);
                continue;
            }
            try (Stream<Path> walk = Files.walk(folder)) {
                walk.filter(FontManifest::isFontFile).forEach(p -> found.add(realPath(p)));
            } catch (IOException e) {
                throw DataException.because("Cannot list the font folder " + folder, e);
            }
        }
        List<Path> sorted = found.stream().sorted().toList();
        List<FontFile> files = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (Path path : sorted) {
            try {
                Font[] faces = Font.createFonts(path.toFile());
                files.add(new FontFile(path, Files.size(path), sha256(path), List.of(faces)));
            } catch (FontFormatException | IOException | RuntimeException e) {
                unreadable.add(path + ": AWT cannot read it (" + e.getMessage() + ")");
            }
        }
        return new FontManifest(files, unreadable, missing);
    }

    private static boolean isFontFile(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return (name.endsWith(".ttf") || name.endsWith(".otf") || name.endsWith(".ttc") || name.endsWith(".otc"))
                && Files.isRegularFile(p);
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = newSha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public List<FontFile> files() {
        return files;
    }

    /** Files left out, each with the reason. */
    public List<String> unreadable() {
        return unreadable;
    }

    /** Folders of the setting that do not exist. */
    public List<Path> missingFolders() {
        return missingFolders;
    }

    /** Every face, file after file. */
    public List<Face> faces() {
        List<Face> faces = new ArrayList<>();
        for (int f = 0; f < files.size(); f++) {
            List<Font> fonts = files.get(f).faces();
            for (int i = 0; i < fonts.size(); i++) {
                faces.add(new Face(faces.size(), f, i, fonts.get(i)));
            }
        }
        return faces;
    }

    /** One face: its number among all faces, its file's number and its number in that file. */
    public record Face(int index, int file, int indexInFile, Font font) {

        public String name() {
            return font.getFontName(Locale.ROOT);
        }
    }

    /**
     * One line per file, "path, size, checksum, face names": what the rendered images depend on,
     * so the cache key and the run's record are made from it.
     */
    public String describe() {
        StringBuilder text = new StringBuilder();
        for (FontFile file : files) {
            text.append(file.path()).append('\t').append(file.size()).append('\t').append(file.sha256());
            for (Font face : file.faces()) {
                text.append('\t').append(face.getFontName(Locale.ROOT));
            }
            text.append('\n');
        }
        return text.toString();
    }
}
