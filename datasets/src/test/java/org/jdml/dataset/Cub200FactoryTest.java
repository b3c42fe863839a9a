package org.jdml.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.api.data.DataException;
import org.jdml.api.data.DatasetFactory;
import org.jdml.api.data.MetricDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cub200FactoryTest extends ImageDatasetContract {

    @TempDir
    static Path root;

    private static Path fixture;

    /** 4 classes x 3 images; the first image of class 2 is greyscale, class 3's are JPEGs. */
    static void writeCub(Path dir) throws IOException {
        StringBuilder classes = new StringBuilder();
        StringBuilder images = new StringBuilder();
        StringBuilder labels = new StringBuilder();
        int id = 0;
        for (int c = 1; c <= 4; c++) {
            String name = String.format("%03d.Bird_%d", c, c);
            classes.append(c).append(' ').append(name).append('\n');
            for (int k = 0; k < 3; k++) {
                id++;
                String path = name + "/Bird_" + id + (c == 3 ? ".jpg" : ".png");
                ImageFixtures.write(dir.resolve("images").resolve(path), c == 2 && k == 0
                        ? ImageFixtures.grey(12, 10, 40 * c) : ImageFixtures.noise(12, 10, id));
                images.append(id).append(' ').append(path).append('\n');
                labels.append(id).append(' ').append(c).append('\n');
            }
        }
        Files.writeString(dir.resolve("classes.txt"), classes);
        Files.writeString(dir.resolve("images.txt"), images);
        Files.writeString(dir.resolve("image_class_labels.txt"), labels);
    }

    @BeforeAll
    static void write() throws IOException {
        fixture = root.resolve("CUB_200_2011");
        writeCub(fixture);
    }

    @Override
    protected Path fixture() {
        return fixture;
    }

    @Override
    protected Map<String, Object> requiredSettings() {
        Map<String, Object> settings = new java.util.HashMap<>(super.requiredSettings());
        settings.put("train-classes", 2);
        return settings;
    }

    @Override
    protected Map<String, Object> badValues() {
        Map<String, Object> bad = new java.util.HashMap<>(super.badValues());
        bad.put("train-classes", 0);
        return bad;
    }

    @Override
    protected DatasetFactory factory() {
        return new Cub200Factory();
    }

    @Test
    void firstClassesTrainTheOthersEvaluate() {
        MetricDataset dataset = createWithDefaults();
        assertThat(dataset.training().size()).isEqualTo(6);
        assertThat(dataset.evaluation().size()).isEqualTo(6);
        assertThat(dataset.training().labels()).containsExactly(0, 0, 0, 1, 1, 1);
        assertThat(dataset.evaluation().labels()).containsExactly(2, 2, 2, 3, 3, 3);
        assertThat(dataset.training().itemShape().getShape()).containsExactly(3, 16, 16);
        // greyscale image: three equal channels
        float[] grey = dataset.training().read(new int[] {3}, false, new Random(0));
        float level = 80 / 255f;
        assertThat(grey[0] * 0.229f + 0.485f).isCloseTo(level, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(grey[256] * 0.224f + 0.456f).isCloseTo(level, org.assertj.core.data.Offset.offset(1e-4f));
    }

    @Test
    void theParentOfTheListsFolderWorksToo() {
        MetricDataset dataset = create(Map.of("dir", root.toString()));
        assertThat(dataset.training().size()).isEqualTo(6);
    }

    @Test
    void anUnsetFolderIsAProblemThatSaysWhatToSet() {
        assertThatThrownBy(() -> create(Map.of("dir", "")))
                .isInstanceOf(JdmlConfigurationException.class)
                .hasMessageContaining("jdml.dataset.cub-200-2011.dir")
                .hasMessageContaining("is not set");
    }

    @Test
    void aLabelForAnImageThatIsNotListedNamesFileAndLine(@TempDir Path dir) throws IOException {
        writeCub(dir);
        Files.writeString(dir.resolve("image_class_labels.txt"), "\n13 4\n", java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> create(Map.of("dir", dir.toString())))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(dir.resolve("image_class_labels.txt") + " line 14")
                .hasMessageContaining("names image 13, which images.txt does not list");
    }

    @Test
    void anImageWithoutAClassNamesFileAndLine(@TempDir Path dir) throws IOException {
        writeCub(dir);
        Files.writeString(dir.resolve("images.txt"), "13 004.Bird_4/extra.png\n", java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> create(Map.of("dir", dir.toString())))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(dir.resolve("images.txt") + " line 13")
                .hasMessageContaining("has no class");
    }

    @Test
    void aMalformedLineNamesFileAndLine(@TempDir Path dir) throws IOException {
        writeCub(dir);
        Files.writeString(dir.resolve("image_class_labels.txt"), "1 1\n2 x\n");
        assertThatThrownBy(() -> create(Map.of("dir", dir.toString())))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("image_class_labels.txt line 2")
                .hasMessageContaining("'x'");
    }

    @Test
    void aListedImageThatIsMissingNamesTheFileAndLine(@TempDir Path dir) throws IOException {
        writeCub(dir);
        Path gone = dir.resolve("images/002.Bird_2/Bird_5.png");
        Files.delete(gone);
        assertThatThrownBy(() -> create(Map.of("dir", dir.toString())))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(gone + " (images.txt line 5)");
        MetricDataset skipping = create(Map.of("dir", dir.toString(), "skip-unreadable", true));
        assertThat(skipping.training().size()).isEqualTo(5);
        assertThat(skipping.skipped()).singleElement().asString().contains(gone + " (images.txt line 5)");
    }

    @Test
    void aCorruptImageFailsItsReadNamingTheFileAndLine(@TempDir Path dir) throws IOException {
        writeCub(dir);
        Path bad = ImageFixtures.corrupt(dir.resolve("images/003.Bird_3/Bird_8.jpg"));
        MetricDataset dataset = create(Map.of("dir", dir.toString()));
        assertThatThrownBy(() -> dataset.evaluation().read(new int[] {0, 1, 2}, false, new Random(0)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(bad + " (images.txt line 8)");
    }

    @Test
    void aMissingListFileIsNamed(@TempDir Path dir) throws IOException {
        writeCub(dir);
        Files.delete(dir.resolve("classes.txt"));
        assertThatThrownBy(() -> create(Map.of("dir", dir.toString())))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(dir.resolve("classes.txt") + " does not exist");
    }

    /** Image 1 (40x30) is green with a red 20x20 square at (10, 5), its box; the others are boxed whole. */
    private static void writeBoxes(Path dir) throws IOException {
        ImageFixtures.write(dir.resolve("images/001.Bird_1/Bird_1.png"),
                ImageFixtures.framed(40, 30, 0x00FF00, 0xFF0000, 10, 5, 20, 20));
        StringBuilder boxes = new StringBuilder("1 10.0 5.0 20.0 20.0\n");
        for (int id = 2; id <= 12; id++) {
            boxes.append(id).append(" 0.0 0.0 12.0 10.0\n");
        }
        Files.writeString(dir.resolve("bounding_boxes.txt"), boxes);
    }

    @Test
    void cropToBoxShowsOnlyTheBoxedRegion(@TempDir Path dir) throws IOException {
        writeCub(dir);
        writeBoxes(dir);
        float red = (1 - 0.485f) / 0.229f;
        float noGreen = (0 - 0.456f) / 0.224f;
        float[] boxed = create(Map.of("dir", dir.toString(), "crop-to-box", true)).training()
                .read(new int[] {0}, false, new Random(0));
        for (int p = 0; p < 256; p++) {
            assertThat(boxed[p]).as("red at %d", p).isCloseTo(red, org.assertj.core.data.Offset.offset(1e-4f));
            assertThat(boxed[256 + p]).as("green at %d", p).isCloseTo(noGreen, org.assertj.core.data.Offset.offset(1e-4f));
        }
        for (boolean augment : new boolean[] {true, false}) {
            float[] trained = create(Map.of("dir", dir.toString(), "crop-to-box", true)).training()
                    .read(new int[] {0}, augment, new Random(5));
            assertThat(trained[256]).as("random crops stay inside the box").isCloseTo(noGreen,
                    org.assertj.core.data.Offset.offset(1e-4f));
        }
        float[] whole = create(Map.of("dir", dir.toString())).training().read(new int[] {0}, false, new Random(0));
        assertThat(whole[256]).as("off by default: the centre crop's corner is green").isGreaterThan(0f);
    }

    @Test
    void aMalformedBoxLineNamesFileAndLine(@TempDir Path dir) throws IOException {
        writeCub(dir);
        writeBoxes(dir);
        Path boxes = dir.resolve("bounding_boxes.txt");
        String good = Files.readString(boxes);
        Files.writeString(boxes, good.replace("3 0.0 0.0 12.0 10.0", "3 0.0 zero 12.0 10.0"));
        assertThatThrownBy(() -> create(Map.of("dir", dir.toString(), "crop-to-box", true)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(boxes + " line 3")
                .hasMessageContaining("y must be a number, found 'zero'");
        Files.writeString(boxes, good.replace("4 0.0 0.0 12.0 10.0", "4 0.0 0.0 12.0"));
        assertThatThrownBy(() -> create(Map.of("dir", dir.toString(), "crop-to-box", true)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(boxes + " line 4")
                .hasMessageContaining("expected 5 fields (<image id> <x> <y> <width> <height>), found 4");
        Files.writeString(boxes, good.replace("5 0.0 0.0 12.0 10.0", "5 0.0 0.0 -12.0 10.0"));
        assertThatThrownBy(() -> create(Map.of("dir", dir.toString(), "crop-to-box", true)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(boxes + " line 5")
                .hasMessageContaining("width, height > 0");
        Files.writeString(boxes, good.replace("12 0.0 0.0 12.0 10.0\n", ""));
        assertThatThrownBy(() -> create(Map.of("dir", dir.toString(), "crop-to-box", true)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(dir.resolve("images.txt") + " line 12")
                .hasMessageContaining("image 12 has no box in bounding_boxes.txt");
        Files.delete(boxes);
        assertThatThrownBy(() -> create(Map.of("dir", dir.toString(), "crop-to-box", true)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(boxes + " does not exist");
        assertThat(create(Map.of("dir", dir.toString())).training().size()).as("boxes are read only when cropping")
                .isEqualTo(6);
    }

    @Test
    void aBoxOutsideItsImageFailsTheReadNamingTheImage(@TempDir Path dir) throws IOException {
        writeCub(dir);
        writeBoxes(dir);
        Path boxes = dir.resolve("bounding_boxes.txt");
        Files.writeString(boxes, Files.readString(boxes).replace("2 0.0 0.0 12.0 10.0", "2 50.0 0.0 12.0 10.0"));
        MetricDataset dataset = create(Map.of("dir", dir.toString(), "crop-to-box", true));
        assertThatThrownBy(() -> dataset.training().read(new int[] {1}, false, new Random(0)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(dir.resolve("images/001.Bird_1/Bird_2.png") + " (images.txt line 2)")
                .hasMessageContaining("lies outside the 12x10 image");
    }
}
