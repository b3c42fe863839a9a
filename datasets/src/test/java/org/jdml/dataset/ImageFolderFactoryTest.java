package org.jdml.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.api.data.DataException;
import org.jdml.api.data.DatasetFactory;
import org.jdml.api.data.MetricDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderFactoryTest extends ImageDatasetContract {

    @TempDir
    static Path fixture;

    private static final List<String> CLASSES = List.of("cat", "dog", "fox", "owl");

    /** 4 classes x 6 images of 32x32, PNG and JPEG, one greyscale, plus files that are not images. */
    static void writeFolder(Path dir) throws IOException {
        for (int c = 0; c < CLASSES.size(); c++) {
            for (int i = 0; i < 6; i++) {
                String name = "img" + i + (i % 2 == 0 ? ".png" : ".JPG");
                ImageFixtures.write(dir.resolve(CLASSES.get(c)).resolve(name),
                        c == 1 && i == 0 ? ImageFixtures.grey(32, 32, 99) : ImageFixtures.noise(32, 32, c * 10 + i));
            }
        }
        Files.writeString(dir.resolve("cat").resolve("notes.txt"), "not an image");
        Files.writeString(dir.resolve("README"), "not a class");
        Files.createDirectories(dir.resolve(".cache"));
    }

    @BeforeAll
    static void write() throws IOException {
        writeFolder(fixture);
    }

    @Override
    protected Path fixture() {
        return fixture;
    }

    @Override
    protected Map<String, Object> badValues() {
        Map<String, Object> bad = new java.util.HashMap<>(super.badValues());
        bad.put("train-fraction", 1.0);
        bad.put("train-classes", List.of("cat", "zebra"));
        bad.put("eval-classes", List.of("unicorn"));
        return bad;
    }

    @Override
    protected DatasetFactory factory() {
        return new ImageFolderFactory();
    }

    @Test
    void halfTheClassesByNameTrain() {
        MetricDataset dataset = createWithDefaults();
        assertThat(dataset.training().size()).isEqualTo(12);
        assertThat(dataset.evaluation().size()).isEqualTo(12);
        assertThat(dataset.training().labels()).containsExactly(0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1);
        assertThat(dataset.evaluation().labels()).containsExactly(2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3);
    }

    @Test
    void itemsHaveClassNamesSourcesAndPictures() {
        MetricDataset dataset = createWithDefaults();
        var eval = dataset.evaluation();
        assertThat(eval.className(2)).isEqualTo("fox");
        assertThat(eval.className(3)).isEqualTo("owl");
        assertThat(eval.source(1)).isEqualTo(fixture.resolve("fox").resolve("img1.JPG").toString());
        var images = eval.images().orElseThrow();
        // a file through the evaluation transform gives exactly what reading the item gives
        assertThat(images.readFile(fixture.resolve("fox").resolve("img1.JPG")))
                .containsExactly(eval.read(new int[] {1}, false, new Random(0)));
        java.awt.image.BufferedImage picture = images.picture(1, 16);
        assertThat(picture.getWidth()).isEqualTo(16);
        assertThat(picture.getHeight()).isEqualTo(16);
        assertThatThrownBy(() -> images.readFile(fixture.resolve("nowhere.png"))).isInstanceOf(DataException.class)
                .hasMessageContaining("nowhere.png");
    }

    @Test
    void explicitListsChooseTheClasses() {
        MetricDataset dataset = create(Map.of("eval-classes", List.of("cat")));
        assertThat(dataset.training().size()).isEqualTo(18);
        assertThat(dataset.evaluation().size()).isEqualTo(6);
        MetricDataset both = create(Map.of("train-classes", List.of("owl", "dog"), "eval-classes", List.of("fox")));
        assertThat(both.training().size()).isEqualTo(12);
        assertThat(both.evaluation().size()).isEqualTo(6);
        // dense labels in name order: dog 0, owl 1, fox 2
        assertThat(both.training().labels()).containsExactly(0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1);
        assertThat(both.evaluation().labels()).containsOnly(2);
    }

    @Test
    void unknownAndSharedClassNamesAreProblemsOfTheirKey() {
        assertThatThrownBy(() -> create(Map.of("train-classes", List.of("cat", "zebra"))))
                .isInstanceOf(JdmlConfigurationException.class)
                .hasMessageContaining("jdml.dataset.image-folder.train-classes")
                .hasMessageContaining("[zebra]")
                .hasMessageContaining("[cat, dog, fox, owl]");
        assertThatThrownBy(() -> create(Map.of("train-classes", List.of("cat"), "eval-classes", List.of("cat", "dog"))))
                .isInstanceOf(JdmlConfigurationException.class)
                .hasMessageContaining("jdml.dataset.image-folder.eval-classes")
                .hasMessageContaining("shares [cat]");
    }

    @Test
    void aWholeBatchReadsInParallelAndRepeatsForTheSameSeed() {
        MetricDataset dataset = create(Map.of("size", 32, "resize", 36, "workers", 3));
        int[] all = IntStream.range(0, 12).toArray();
        float[] first = dataset.training().read(all, true, new Random(9));
        assertThat(first).hasSize(12 * 3 * 32 * 32);
        assertThat(dataset.training().read(all, true, new Random(9))).containsExactly(first);
        MetricDataset oneThread = create(Map.of("size", 32, "resize", 36, "workers", 1));
        assertThat(oneThread.training().read(all, true, new Random(9))).containsExactly(first);
    }

    @Test
    void aClassFolderWithoutImagesIsNamed(@TempDir Path dir) throws IOException {
        writeFolder(dir);
        Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> create(Map.of("dir", dir.toString())))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("Class folder " + dir.resolve("empty") + " holds no images");
    }

    @Test
    void aCorruptImageIsNamedOrSkipped(@TempDir Path dir) throws IOException {
        writeFolder(dir);
        Path bad = ImageFixtures.corrupt(dir.resolve("dog/img3.JPG"));
        MetricDataset failing = create(Map.of("dir", dir.toString()));
        int[] dogs = IntStream.range(6, 12).toArray();
        assertThatThrownBy(() -> failing.training().read(dogs, false, new Random(0)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(bad + " (class folder dog)");
        MetricDataset skipping = create(Map.of("dir", dir.toString(), "skip-unreadable", true));
        skipping.training().read(dogs, true, new Random(0));
        assertThat(skipping.skipped()).singleElement().asString().contains(bad.toString()).contains("cannot decode");
    }

    @Test
    void aMissingFolderIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> create(Map.of("dir", dir.resolve("nowhere").toString())))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(dir.resolve("nowhere") + " does not exist");
    }
}
