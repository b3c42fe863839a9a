package org.jdml.dataset.glyphs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;

/** Renders the glyph images, or loads them from the cache when the fonts and settings are unchanged. */
public final class GlyphRendering {

    /** Bumped whenever the way images are drawn changes, so old caches are not reused. */
    static final int RENDERER_VERSION = 1;

    /** Where the images came from and how long that took. */
    public record Result(GlyphImages images, boolean fromCache, double seconds, Path cacheFolder) {

        public String source() {
            String time = String.format(Locale.ROOT, "%.1f s", seconds);
            if (fromCache) {
                return "loaded from the cache " + cacheFolder + " in " + time;
            }
            return "rendered in " + time + (cacheFolder == null ? " (cache off)" : ", cached in " + cacheFolder);
        }
    }

    private GlyphRendering() {}

    /** The faces of {@code manifest} that map at least one of {@code characters}, in manifest order. */
    public static List<FontManifest.Face> facesMapping(FontManifest manifest, int[] characters) {
        return manifest.faces().stream().filter(face -> {
            for (int c : characters) {
                if (face.font().canDisplay(c)) {
                    return true;
                }
            }
            return false;
        }).toList();
    }

    /** The cache folder: {@code setting}, or {@code $XDG_CACHE_HOME/jdml/glyphs} ({@code ~/.cache/...}) when it is "". */
    public static Path cacheDir(String setting) {
        if (!setting.isBlank()) {
            return Path.of(setting);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("jdml").resolve("glyphs");
    }

    /** Everything the images depend on: the cache key's text. */
    public static String keyText(FontManifest manifest, int[] characters, GlyphImages.Options options) {
        ByteBuffer points = ByteBuffer.allocate(characters.length * 4).order(ByteOrder.BIG_ENDIAN);
        points.asIntBuffer().put(characters);
        String charactersSha = HexFormat.of().formatHex(FontManifest.newSha256().digest(points.array()));
        return String.format(Locale.ROOT, "renderer %d%njava %s %s%nsize %d%nfill %s%ndrop-blank %b%n"
                + "drop-duplicates %b%ncharacters %d sha256 %s%nfonts%n%s", RENDERER_VERSION,
                System.getProperty("java.vm.vendor"), System.getProperty("java.runtime.version"), options.size(),
                Double.toString(options.fill()), options.dropBlank(), options.dropDuplicates(), characters.length,
                charactersSha, manifest.describe());
    }

    /**
     * The images of {@code characters} drawn with {@code faces}: from {@code cacheDir} when it holds
     * them for this key, else rendered (showing progress) and stored there.
     *
     * @param cacheDir null: no cache
     * @param display where rendering shows its progress
     */
    public static Result obtain(FontManifest manifest, List<FontManifest.Face> faces, int[] characters,
            GlyphImages.Options options, Path cacheDir, org.jdml.api.progress.ProgressDisplay display, Logger log) {
        long start = System.nanoTime();
        GlyphCache cache = cacheDir == null ? null : new GlyphCache(cacheDir, keyText(manifest, characters, options));
        if (cache != null) {
            GlyphImages cached = cache.load(options.size());
            if (cached != null) {
                return new Result(cached, true, (System.nanoTime() - start) / 1e9, cache.folder());
            }
        }
        log.info("Rendering {} characters with {} font faces at {}x{} ({} threads){}", characters.length, faces.size(),
                options.size(), options.size(), options.workers(),
                cache == null ? "" : "; the images will be cached in " + cache.folder());
        GlyphImages images;
        try (org.jdml.api.progress.Progress bar = display.start("render glyphs", "chars", characters.length, 0)) {
            int[] shown = {0};
            images = GlyphImages.render(characters, faces, options, finished -> {
                bar.step(finished - shown[0]); // render reports the count done so far, under a lock
                shown[0] = finished;
            });
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (cache != null) {
            cache.store(images, seconds);
        }
        return new Result(images, false, seconds, cache == null ? null : cache.folder());
    }
}
