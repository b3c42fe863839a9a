package org.jdml.dataset.glyphs;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Properties;
import java.util.stream.Stream;
import org.jdml.api.data.DataException;
import org.jdml.dataset.internal.IdxFile;
import org.jdml.dataset.internal.IdxWriter;

/**
 * Rendered glyph images kept on disk, one folder per key: the SHA-256 of the font manifest (every
 * file's path, size and checksum), the settings that shape the images, and the JDK (its rasteriser
 * draws them). A changed font, setting or JDK gives another key, so the images are rendered again;
 * the old folder stays until deleted. A folder is written under a temporary name and renamed when
 * complete, so an interrupted render leaves no half cache behind.
 *
 * <p>Layout of {@code <cache-dir>/<key>/}: {@code images-idx3-ubyte} (N x size x size),
 * {@code labels-idx1-int} and {@code faces-idx1-int} (N 32-bit ints: class and face of each image),
 * {@code summary.properties} (drop counts) and {@code key.txt} (what the key was made from).
 */
public final class GlyphCache {

    static final String IMAGES = "images-idx3-ubyte";
    static final String LABELS = "labels-idx1-int";
    static final String FACES = "faces-idx1-int";
    static final String SUMMARY = "summary.properties";
    static final String KEY = "key.txt";

    private final Path folder;
    private final String keyText;

    /**
     * @param keyText everything the images depend on, as text
     */
    public GlyphCache(Path cacheDir, String keyText) {
        this.keyText = keyText;
        byte[] digest = FontManifest.newSha256().digest(keyText.getBytes(StandardCharsets.UTF_8));
        this.folder = cacheDir.resolve(HexFormat.of().formatHex(digest).substring(0, 24));
    }

    /** This key's folder (it exists once {@link #store} has run). */
    public Path folder() {
        return folder;
    }

    /** The cached images, or null when this key has none yet. */
    public GlyphImages load(int size) {
        if (!Files.isRegularFile(folder.resolve(SUMMARY))) {
            return null;
        }
        try (IdxFile images = IdxFile.open(folder.resolve(IMAGES), 3)) {
            int[] dims = images.dims();
            if (dims[1] != size || dims[2] != size) {
                throw new DataException(images.file() + " holds images of " + dims[1] + "x" + dims[2] + ", not "
                        + size + "x" + size + ": delete the folder " + folder + " to render them again");
            }
            byte[] pixels = new byte[images.bodySize()];
            images.readBody(pixels, 0);
            int[] labels = IdxWriter.readInts(folder.resolve(LABELS));
            int[] faces = IdxWriter.readInts(folder.resolve(FACES));
            if (labels.length != dims[0] || faces.length != dims[0]) {
                throw new DataException(folder + " is inconsistent: " + dims[0] + " images, " + labels.length
                        + " labels, " + faces.length + " faces; delete it to render the images again");
            }
            Properties summary = new Properties();
            try (Reader in = Files.newBufferedReader(folder.resolve(SUMMARY), StandardCharsets.UTF_8)) {
                summary.load(in);
            }
            return new GlyphImages(size, pixels, labels, faces, Long.parseLong(summary.getProperty("blank", "0")),
                    Long.parseLong(summary.getProperty("duplicates", "0")));
        } catch (IOException | NumberFormatException e) {
            throw new DataException("Cannot read the glyph cache " + folder + " (" + DataException.reason(e) + "): delete it to render "
                    + "the images again", e);
        }
    }

    /** Writes {@code images} as this key's folder, replacing nothing that is complete. */
    public void store(GlyphImages images, double renderSeconds) {
        Path temporary = folder.resolveSibling(folder.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(temporary);
            int size = images.size();
            IdxWriter.writeBytes(temporary.resolve(IMAGES), images.pixels(), images.count(), size, size);
            IdxWriter.writeInts(temporary.resolve(LABELS), images.labels(), images.count());
            IdxWriter.writeInts(temporary.resolve(FACES), images.faces(), images.count());
            Files.writeString(temporary.resolve(KEY), keyText, StandardCharsets.UTF_8);
            Properties summary = new Properties();
            summary.setProperty("images", Integer.toString(images.count()));
            summary.setProperty("blank", Long.toString(images.blank()));
            summary.setProperty("duplicates", Long.toString(images.duplicates()));
            summary.setProperty("render-seconds", String.format(java.util.Locale.ROOT, "%.1f", renderSeconds));
            try (Writer out = Files.newBufferedWriter(temporary.resolve(SUMMARY), StandardCharsets.UTF_8)) {
                summary.store(out, "glyph images of this cache folder");
            }
            try {
                Files.move(temporary, folder, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, folder);
            }
        } catch (IOException e) {
            deleteQuietly(temporary);
            if (Files.isRegularFile(folder.resolve(SUMMARY))) {
                return; // another process stored the same key first
            }
            throw new DataException("Cannot write the glyph cache " + folder + ": " + DataException.reason(e)
                    + " (set jdml.dataset.glyphs.cache-dir to a writable folder, or cache = false)", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a left-over temporary folder is harmless: its name is never read
        }
    }
}
