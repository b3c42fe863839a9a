package org.jdml.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Font;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jdml.api.data.DataSplit;
import org.jdml.api.data.DatasetFactory;
import org.jdml.api.data.MetricDataset;
import org.jdml.dataset.glyphs.GlyphRecords;
import org.jdml.dataset.internal.ByteImageSplit;
import org.jdml.dataset.internal.IdxFile;
import org.jdml.dataset.internal.IdxWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The glyphs dataset on a two-face subset: the faces WenQuanYi Micro Hei and WenQuanYi Micro Hei Mono
 * of the one file of the Debian package fonts-wqy-microhei (whose CJK glyphs are the same, so the
 * second face's renders are all duplicates), and seven characters, the last of them U+3000, the
 * ideographic space, which both faces map to an empty glyph. Skipped where the package is absent.
 */
class GlyphsFactoryTest extends DatasetContract {

    static final Path MICROHEI = Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
    /** Six characters with ink, then the ideographic space. */
    static final String CHARACTERS = "永啊阿埃挨哎\u3000";

    @TempDir
    static Path fixture;

    static Path fonts;
    static Path characters;

    @BeforeAll
    static void writeFixture() throws IOException {
        assumeTrue(Files.isRegularFile(MICROHEI), "fonts-wqy-microhei is not installed (" + MICROHEI + ")");
        fonts = Files.createDirectories(fixture.resolve("fonts"));
        Files.createSymbolicLink(fonts.resolve("wqy-microhei.ttc"), MICROHEI);
        characters = fixture.resolve("characters.txt");
        Files.writeString(characters, String.join("\n", CHARACTERS.split("")) + "\n", StandardCharsets.UTF_8);
    }

    @Override
    protected DatasetFactory factory() {
        return new GlyphsFactory();
    }

    @Override
    protected Map<String, Object> requiredSettings() {
        return Map.of("font-dirs", List.of(fonts.toString()), "characters-file", characters.toString(),
                "train-classes", 3, "cache", false, "progress", false, "workers", 1);
    }

    @Override
    protected Map<String, Object> badValues() {
        return Map.of("size", 0, "fill", 0, "std", 0, "train-classes", 7, "workers", -1, "font-dirs", List.of());
    }

    private MetricDataset create(Object... keyValues) {
        Map<String, Object> overrides = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            overrides.put((String) keyValues[i], keyValues[i + 1]);
        }
        return create(overrides);
    }

    @Test
    void theTwoFacesGiveOneImagePerCharacterWithInkAndNoneForTheSpace() {
        MetricDataset dataset = createWithDefaults();
        // the Mono face's CJK glyphs equal the proportional face's: 6 duplicates; the space is blank in both
        assertThat(dataset.training().labels()).containsExactly(0, 1, 2);
        assertThat(dataset.evaluation().labels()).containsExactly(3, 4, 5);
        String classes = dataset.records().get(GlyphRecords.CLASSES);
        assertThat(classes).contains("6\t\u3000\tU+3000\teval\t2\t0\n").contains("0\t永\tU+6C38\ttrain\t2\t1\n");
        assertThat(dataset.records().get(GlyphRecords.FONTS))
                .startsWith("# 1 font files, 2 faces, 2 mapping a character; 6 images kept, 2 blank and 6 duplicate");
    }

    @Test
    void keepingDuplicatesGivesTwoEqualImagesAndKeepingBlanksGivesEmptyOnes() {
        ByteImageSplit train = (ByteImageSplit) create("drop-duplicates", false).training();
        assertThat(train.labels()).containsExactly(0, 0, 1, 1, 2, 2);
        for (int i = 0; i < 6; i += 2) {
            assertThat(train.rawItem(i)).isEqualTo(train.rawItem(i + 1));
        }
        ByteImageSplit eval = (ByteImageSplit) create("drop-blank", false).evaluation();
        assertThat(eval.labels()).containsExactly(3, 4, 5, 6);
        assertThat(eval.rawItem(3)).containsOnly(0);
        assertThat(eval.rawItem(2)).isNotEqualTo(new byte[48 * 48]);
    }

    @Test
    void noCharacterIsOnBothSidesOfTheSplit() {
        MetricDataset dataset = create("drop-duplicates", false, "drop-blank", false);
        Map<Integer, String> characterOf = new HashMap<>();
        for (String line : dataset.records().get(GlyphRecords.CLASSES).split("\n")) {
            String[] cells = line.split("\t");
            if (!cells[0].equals("class")) {
                characterOf.put(Integer.parseInt(cells[0]), cells[1]);
            }
        }
        Set<String> train = Arrays.stream(dataset.training().labels()).mapToObj(characterOf::get)
                .collect(Collectors.toSet());
        Set<String> eval = Arrays.stream(dataset.evaluation().labels()).mapToObj(characterOf::get)
                .collect(Collectors.toSet());
        assertThat(train).containsExactlyInAnyOrder("永", "啊", "阿");
        assertThat(eval).containsExactlyInAnyOrder("埃", "挨", "哎", "\u3000").doesNotContainAnyElementsOf(train);
    }

    @Test
    void theImagesDoNotDependOnTheNumberOfThreads() {
        ByteImageSplit one = (ByteImageSplit) create("workers", 1, "drop-duplicates", false).training();
        ByteImageSplit three = (ByteImageSplit) create("workers", 3, "drop-duplicates", false).training();
        for (int i = 0; i < one.size(); i++) {
            assertThat(three.rawItem(i)).isEqualTo(one.rawItem(i));
        }
    }

    @Test
    void theRecordListsEveryFontFileWithSizeAndChecksum() throws Exception {
        String record = createWithDefaults().records().get(GlyphRecords.FONTS);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(MICROHEI)));
        String file = MICROHEI.toRealPath() + "\t" + Files.size(MICROHEI) + "\t" + sha;
        assertThat(record).contains(file + "\tWenQuanYi Micro Hei\t6\n", file + "\tWenQuanYi Micro Hei Mono\t0\n");
    }

    @Test
    void anUnreadableFontFileIsSkippedAndNamed() throws IOException {
        Path dir = Files.createDirectories(fixture.resolve("with-broken"));
        Files.createSymbolicLink(dir.resolve("wqy-microhei.ttc"), MICROHEI);
        Files.writeString(dir.resolve("broken.ttf"), "not a font");
        MetricDataset dataset = create("font-dirs", List.of(dir.toString()));
        assertThat(dataset.skipped()).singleElement().asString().contains("broken.ttf").contains("AWT cannot read it");
        assertThat(dataset.records().get(GlyphRecords.FONTS)).contains("# skipped " + dir.toRealPath().resolve("broken.ttf"));
        assertThat(dataset.training().size()).isEqualTo(3);
    }

    @Test
    void theCacheIsReusedAndRebuiltWhenASettingOrTheFontsChange() throws IOException {
        Path cache = Files.createDirectories(fixture.resolve("cache"));
        ByteImageSplit first = (ByteImageSplit) create("cache", true, "cache-dir", cache.toString()).training();
        List<Path> folders = folders(cache);
        assertThat(folders).hasSize(1);
        // mark the cached copy: a second creation that shows the mark read the cache instead of rendering
        Path images = folders.get(0).resolve("images-idx3-ubyte");
        byte[] bytes = Files.readAllBytes(images);
        int firstPixel = 16;   // after the magic number and three dimensions
        assertThat(bytes[firstPixel]).isEqualTo(first.rawItem(0)[0]);
        bytes[firstPixel] = 7;
        Files.write(images, bytes);
        ByteImageSplit again = (ByteImageSplit) create("cache", true, "cache-dir", cache.toString()).training();
        assertThat(again.rawItem(0)[0]).isEqualTo((byte) 7);
        assertThat(folders(cache)).hasSize(1);

        ByteImageSplit smaller = (ByteImageSplit) create("cache", true, "cache-dir", cache.toString(), "fill", 0.7)
                .training();
        assertThat(folders(cache)).hasSize(2);
        assertThat(smaller.rawItem(0)).isNotEqualTo(first.rawItem(0));
        assertThat(smaller.rawItem(0)[0]).isNotEqualTo((byte) 7);

        Path moreFonts = Files.createDirectories(fixture.resolve("more-fonts"));
        Files.createSymbolicLink(moreFonts.resolve("wqy-microhei.ttc"), MICROHEI);
        Files.copy(MICROHEI, moreFonts.resolve("copy-of-microhei.ttc"));
        MetricDataset changed = create("cache", true, "cache-dir", cache.toString(), "font-dirs",
                List.of(moreFonts.toString()));
        assertThat(folders(cache)).hasSize(3);
        assertThat(((ByteImageSplit) changed.training()).rawItem(0)).isEqualTo(first.rawItem(0));
        assertThat(changed.records().get(GlyphRecords.FONTS)).contains("copy-of-microhei.ttc")
                .contains("18 duplicate");
    }

    private static List<Path> folders(Path cache) throws IOException {
        try (Stream<Path> list = Files.list(cache)) {
            return list.filter(Files::isDirectory).sorted().toList();
        }
    }

    @Test
    void exportWritesImagesAndLabelsThatReadBackEqual(@TempDir Path out) throws IOException {
        MetricDataset dataset = create("drop-duplicates", false);
        IdxExport.write(dataset, out, n -> {});
        for (String split : new String[] {"train", "eval"}) {
            ByteImageSplit items = (ByteImageSplit) (split.equals("train") ? dataset.training() : dataset.evaluation());
            byte[] pixels;
            try (IdxFile file = IdxFile.open(out.resolve(split + "-images-idx3-ubyte"), 3)) {
                assertThat(file.dims()).containsExactly(items.size(), 48, 48);
                pixels = new byte[file.bodySize()];
                file.readBody(pixels, 0);
            }
            int[] labels = IdxWriter.readInts(out.resolve(split + "-labels-idx1-int"));
            assertThat(labels).containsExactly(items.labels());
            float[] read = items.read(java.util.stream.IntStream.range(0, items.size()).toArray(), false, new Random(0));
            for (int i = 0; i < items.size(); i++) {
                assertThat(Arrays.copyOfRange(pixels, i * 2304, (i + 1) * 2304)).isEqualTo(items.rawItem(i));
            }
            for (int j = 0; j < pixels.length; j++) {
                assertThat(read[j]).isEqualTo((float) (((pixels[j] & 0xFF) / 255.0 - 0.1882) / 0.3557));
            }
        }
        assertThat(Files.readString(out.resolve(GlyphRecords.FONTS))).isEqualTo(dataset.records().get(GlyphRecords.FONTS));
        assertThat(Files.readString(out.resolve("README.txt"))).contains("train-images-idx3-ubyte: 6 x 48 x 48");
    }

    static Font microHei() throws Exception {
        return Font.createFonts(MICROHEI.toFile())[0];
    }
}
