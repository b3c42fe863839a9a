package org.jdml.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jdml.api.data.DataException;
import org.jdml.api.data.DataSplit;
import org.jdml.api.data.DatasetFactory;
import org.jdml.api.data.MetricDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InShopFactoryTest extends ImageDatasetContract {

    @TempDir
    static Path fixture;

    private static final List<String> ROWS = List.of(
            "img/WOMEN/Dresses/id_00000002/02_1_front.jpg id_00000002 train",
            "img/WOMEN/Dresses/id_00000002/02_2_side.jpg id_00000002 train",
            "img/MEN/Denim/id_00000007/01_1_front.jpg id_00000007 train",
            "img/WOMEN/Skirts/id_00000040/01_1_front.jpg id_00000040 query",
            "img/WOMEN/Skirts/id_00000040/01_2_side.jpg id_00000040 gallery",
            "img/WOMEN/Skirts/id_00000040/01_3_back.jpg id_00000040 gallery",
            "img/MEN/Shirts/id_00000031/01_1_front.jpg id_00000031 query",
            "img/MEN/Shirts/id_00000031/01_2_side.jpg id_00000031 gallery");

    static void writeInShop(Path dir, List<String> rows, String count) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("list_eval_partition.txt"),
                count + "\nimage_name item_id evaluation_status\n" + String.join("\n", rows) + "\n");
        for (String row : rows) {
            String path = row.split(" ")[0];
            if (!Files.exists(dir.resolve(path))) {
                ImageFixtures.write(dir.resolve(path), ImageFixtures.noise(8, 11, path.hashCode()));
            }
        }
    }

    @BeforeAll
    static void write() throws IOException {
        writeInShop(fixture, ROWS, "8");
    }

    @Override
    protected Path fixture() {
        return fixture;
    }

    @Override
    protected DatasetFactory factory() {
        return new InShopFactory();
    }

    @Test
    void queriesAreSearchedAgainstTheGallery() {
        MetricDataset dataset = createWithDefaults();
        assertThat(dataset.training().labels()).containsExactly(0, 0, 1);
        assertThat(dataset.evaluation().size()).isEqualTo(2);
        DataSplit gallery = dataset.gallery().orElseThrow();
        assertThat(gallery.size()).isEqualTo(3);
        // items 31 and 40 in item-id order: 31 -> 2, 40 -> 3, the same in query and gallery
        assertThat(dataset.evaluation().labels()).containsExactly(3, 2);
        assertThat(gallery.labels()).containsExactly(3, 3, 2);
        assertThat(gallery.read(new int[] {0, 2}, false, new Random(0))).hasSize(2 * 3 * 16 * 16);
    }

    @Test
    void aWrongCountInTheFirstLineIsNamed(@TempDir Path dir) throws IOException {
        writeInShop(dir, ROWS, "9");
        assertThatThrownBy(() -> create(Map.of("dir", dir.toString())))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(dir.resolve("list_eval_partition.txt") + " line 1")
                .hasMessageContaining("announces 9 images but the file lists 8");
    }

    @Test
    void anUnknownStatusNamesFileAndLine(@TempDir Path dir) throws IOException {
        List<String> rows = new java.util.ArrayList<>(ROWS);
        rows.set(4, "img/WOMEN/Skirts/id_00000040/01_2_side.jpg id_00000040 test");
        writeInShop(dir, rows, "8");
        assertThatThrownBy(() -> create(Map.of("dir", dir.toString())))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("list_eval_partition.txt line 7")
                .hasMessageContaining("'test'");
    }

    @Test
    void aMissingGalleryImageNamesFileAndLine(@TempDir Path dir) throws IOException {
        writeInShop(dir, ROWS, "8");
        Path gone = dir.resolve("img/MEN/Shirts/id_00000031/01_2_side.jpg");
        Files.delete(gone);
        assertThatThrownBy(() -> create(Map.of("dir", dir.toString())))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(gone + " (list_eval_partition.txt line 10)");
    }
}
