package org.jdml.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jdml.api.data.DataException;
import org.jdml.api.data.DatasetFactory;
import org.jdml.api.data.MetricDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SopFactoryTest extends ImageDatasetContract {

    @TempDir
    static Path fixture;

    private static final String HEADER = "image_id class_id super_class_id path\n";

    /** Training classes 1 and 2 (2 images each), test classes 3 and 4 (3 and 1 images). */
    static void writeSop(Path dir) throws IOException {
        String train = HEADER + "1 1 1 bicycle_final/1_0.JPG\n2 1 1 bicycle_final/1_1.JPG\n"
                + "3 2 1 bicycle_final/2_0.JPG\n4 2 1 bicycle_final/2_1.JPG\n";
        String test = HEADER + "5 3 2 chair_final/3_0.JPG\n6 3 2 chair_final/3_1.JPG\n7 3 2 chair_final/3_2.JPG\n"
                + "8 4 2 chair_final/4_0.JPG\n";
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("Ebay_train.txt"), train);
        Files.writeString(dir.resolve("Ebay_test.txt"), test);
        for (String text : new String[] {train, test}) {
            text.lines().skip(1).forEach(line -> {
                String path = line.split(" ")[3];
                try {
                    ImageFixtures.write(dir.resolve(path), ImageFixtures.noise(10, 12, path.hashCode()));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    @BeforeAll
    static void write() throws IOException {
        writeSop(fixture);
    }

    @Override
    protected Path fixture() {
        return fixture;
    }

    @Override
    protected DatasetFactory factory() {
        return new SopFactory();
    }

    @Test
    void trainFileTrainsTestFileEvaluates() {
        MetricDataset dataset = createWithDefaults();
        assertThat(dataset.training().labels()).containsExactly(0, 0, 1, 1);
        assertThat(dataset.evaluation().labels()).containsExactly(2, 2, 2, 3);
        assertThat(dataset.gallery()).isEmpty();
    }

    @Test
    void aShortLineNamesFileAndLine(@TempDir Path dir) throws IOException {
        writeSop(dir);
        Files.writeString(dir.resolve("Ebay_test.txt"), HEADER + "5 3 2 chair_final/3_0.JPG\n6 3 chair_final/3_1.JPG\n");
        assertThatThrownBy(() -> create(Map.of("dir", dir.toString())))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(dir.resolve("Ebay_test.txt") + " line 3")
                .hasMessageContaining("expected 4 fields");
    }

    @Test
    void aClassInBothFilesIsRejected(@TempDir Path dir) throws IOException {
        writeSop(dir);
        Files.writeString(dir.resolve("Ebay_test.txt"), HEADER + "5 2 2 chair_final/3_0.JPG\n6 3 2 chair_final/3_1.JPG\n");
        assertThatThrownBy(() -> create(Map.of("dir", dir.toString())))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("class '2'")
                .hasMessageContaining("Ebay_test.txt line 2");
    }

    @Test
    void aMissingImageNamesFileAndLine(@TempDir Path dir) throws IOException {
        writeSop(dir);
        Files.delete(dir.resolve("chair_final/3_2.JPG"));
        assertThatThrownBy(() -> create(Map.of("dir", dir.toString())))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(dir.resolve("chair_final/3_2.JPG") + " (Ebay_test.txt line 4)");
    }
}
