package org.jdml.dataset;

import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdml.api.ComponentContext;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.data.DataException;
import org.jdml.api.data.DatasetFactory;
import org.jdml.api.data.MetricDataset;
import org.jdml.dataset.glyphs.CharacterSet;
import org.jdml.dataset.glyphs.FontManifest;
import org.jdml.dataset.glyphs.GlyphCache;
import org.jdml.dataset.glyphs.GlyphImages;
import org.jdml.dataset.glyphs.GlyphRecords;
import org.jdml.dataset.glyphs.GlyphRendering;
import org.jdml.dataset.internal.ByteImageSplit;
import org.jdml.dataset.internal.ZeroShotDataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@value #NAME}: GLYPHS-ZS, characters as classes and font faces as instances. Every character of
 * the set (GB2312 level 1 by default) is rendered with every installed face that maps it, white on
 * black at {@code size x size}; blank renders and renders identical to another of the same character
 * are dropped. The first {@code train-classes} characters train, the others evaluate (zero-shot).
 * Items are (1, size, size), normalised as {@code (x / 255 - mean) / std}; labels are the character's
 * position in the set. The images are cached; the run folder gets {@code glyphs-fonts.tsv} and
 * {@code glyphs-classes.tsv}.
 */
public final class GlyphsFactory implements DatasetFactory {

    public static final String NAME = "glyphs";

    /** The Debian packages of GLYPHS-ZS, named when no font is found. */
    public static final List<String> PACKAGES = List.of("fonts-noto-cjk", "fonts-noto-cjk-extra",
            "fonts-arphic-ukai", "fonts-arphic-uming", "fonts-arphic-gbsn00lp", "fonts-arphic-gkai00mp",
            "fonts-wqy-zenhei", "fonts-wqy-microhei", "fonts-hanazono", "fonts-seto");

    private static final Logger LOG = LoggerFactory.getLogger(GlyphsFactory.class);

    public GlyphsFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "GLYPHS-ZS: GB2312 level-1 characters as classes, installed CJK font faces as instances, "
                + "zero-shot split by character (rendered with AWT, cached)";
    }

    @Override
    public MetricDataset create(ComponentSettings settings, ComponentContext context) {
        List<Path> folders = settings.getStringList("font-dirs").stream().map(Path::of).toList();
        settings.check(!folders.isEmpty(), "font-dirs", "must name at least one folder");
        String charactersFile = settings.getString("characters-file");
        int size = settings.getInt("size");
        settings.check(size >= 8 && size <= 512, "size", "must be in 8..512 pixels");
        double fill = settings.getDouble("fill");
        settings.check(fill > 0 && fill <= 1.5, "fill", "must be in (0, 1.5]");
        int trainClasses = settings.getInt("train-classes");
        double mean = settings.getDouble("mean");
        double std = settings.getDouble("std");
        settings.check(std > 0, "std", "must be > 0");
        boolean dropBlank = settings.getBoolean("drop-blank");
        boolean dropDuplicates = settings.getBoolean("drop-duplicates");
        boolean cache = settings.getBoolean("cache");
        String cacheDir = settings.getString("cache-dir");
        int workers = settings.getInt("workers");
        settings.check(workers >= 0, "workers", "must be >= 0 (0 = one per processor)");
        boolean progress = settings.getBoolean("progress");
        settings.throwIfInvalid();

        int[] characters = charactersFile.isBlank() ? CharacterSet.gb2312Level1()
                : CharacterSet.fromFile(Path.of(charactersFile));
        if (trainClasses < 1 || trainClasses >= characters.length) {
            settings.problem("train-classes", "must be in 1.." + (characters.length - 1) + " (the character set has "
                    + characters.length + " characters, and at least one must evaluate), was " + trainClasses);
            settings.throwIfInvalid();
        }
        GlyphImages.Options options = new GlyphImages.Options(size, fill, dropBlank, dropDuplicates,
                workers == 0 ? Runtime.getRuntime().availableProcessors() : workers);
        long scanStart = System.nanoTime();
        FontManifest manifest = FontManifest.scan(folders);
        LOG.info("Listed and checksummed {} font files in {} s", manifest.files().size(),
                String.format(Locale.ROOT, "%.1f", (System.nanoTime() - scanStart) / 1e9));
        manifest.missingFolders().forEach(f -> LOG.warn("Font folder {} does not exist (jdml.dataset.glyphs.font-dirs)", f));
        manifest.unreadable().forEach(u -> LOG.warn("Skipped the font file {}", u));
        List<FontManifest.Face> faces = GlyphRendering.facesMapping(manifest, characters);
        if (faces.isEmpty()) {
            throw new DataException(noFonts(folders, manifest, settings.path()));
        }
        Path cacheFolder = cache ? GlyphRendering.cacheDir(cacheDir) : null;
        GlyphRendering.Result result = GlyphRendering.obtain(manifest, faces, characters, options, cacheFolder,
                progress ? context.progress() : org.jdml.api.progress.ProgressDisplay.SILENT, LOG);
        GlyphImages images = result.images();
        int[] perClass = images.perClass(characters.length);
        List<String> empty = new ArrayList<>();
        for (int c = 0; c < characters.length; c++) {
            if (perClass[c] == 0) {
                empty.add(new String(Character.toChars(characters[c])) + " " + CharacterSet.describe(characters[c]));
            }
        }
        if (!empty.isEmpty()) {
            LOG.warn("{} characters have no image (no face maps them, or every render was blank): {}", empty.size(),
                    empty.size() > 20 ? String.join(", ", empty.subList(0, 20)) + ", ..." : String.join(", ", empty));
        }
        int[][] rows = splitRows(images.labels(), trainClasses);
        if (rows[0].length == 0 || rows[1].length == 0) {
            throw new DataException("The fonts in " + folders + " give no image for the " + (rows[0].length == 0
                    ? "training" : "evaluation") + " characters (jdml.dataset.glyphs.train-classes = " + trainClasses
                    + ")");
        }
        Shape shape = new Shape(1, size, size);
        ByteImageSplit training = new ByteImageSplit(images.pixels(), rows[0], pick(images.labels(), rows[0]), shape,
                mean, std);
        ByteImageSplit evaluation = new ByteImageSplit(images.pixels(), rows[1], pick(images.labels(), rows[1]), shape,
                mean, std);
        LOG.info("GLYPHS: {} characters ({} train, {} evaluate), {} images ({} train, {} evaluate) from {} faces in {}"
                + " font files; dropped {} blank and {} duplicate renders; {} unreadable font files; {}",
                characters.length, trainClasses, characters.length - trainClasses, images.count(), rows[0].length,
                rows[1].length, faces.size(), manifest.files().size(), images.blank(), images.duplicates(),
                manifest.unreadable().size(), result.source());
        Map<String, String> records = GlyphRecords.of(manifest, faces, characters, trainClasses, images);
        List<String> skipped = List.copyOf(manifest.unreadable());
        return new ZeroShotDataset(training, evaluation, null, () -> skipped, records);
    }

    /** Rows of the training classes (label < trainClasses) and of the others, in image order. */
    static int[][] splitRows(int[] labels, int trainClasses) {
        int train = (int) Arrays.stream(labels).filter(l -> l < trainClasses).count();
        int[] trainRows = new int[train];
        int[] evalRows = new int[labels.length - train];
        for (int i = 0, t = 0, e = 0; i < labels.length; i++) {
            if (labels[i] < trainClasses) {
                trainRows[t++] = i;
            } else {
                evalRows[e++] = i;
            }
        }
        return new int[][] {trainRows, evalRows};
    }

    private static int[] pick(int[] values, int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return out;
    }

    private static String noFonts(List<Path> folders, FontManifest manifest, String path) {
        StringBuilder text = new StringBuilder("No font face maps any of the characters of " + NAME + ". Looked in:");
        for (Path folder : folders) {
            text.append("\n  - ").append(folder.toAbsolutePath())
                    .append(manifest.missingFolders().contains(folder) ? ": no such folder" : "");
        }
        text.append(String.format(Locale.ROOT, "%nFound %d readable font files", manifest.files().size()));
        if (!manifest.unreadable().isEmpty()) {
            text.append(" and ").append(manifest.unreadable().size()).append(" unreadable ones");
        }
        text.append(". Install the fonts of GLYPHS-ZS:\n  sudo apt-get install ").append(String.join(" ", PACKAGES))
                .append("\nor set ").append(path).append(".font-dirs to folders holding CJK .ttf, .otf or .ttc fonts.");
        return text.toString();
    }
}
