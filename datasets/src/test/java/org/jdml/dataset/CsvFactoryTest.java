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

class CsvFactoryTest extends ImageDatasetContract {

    @TempDir
    static Path folder;

    @BeforeAll
    static void write() throws IOException {
        for (int i = 0; i < 8; i++) {
            ImageFixtures.write(folder.resolve("pics/p" + i + ".png"), ImageFixtures.noise(10, 10, i));
        }
        Files.writeString(folder.resolve("split.csv"), """
                path,label,split
                pics/p0.png,apple,train
                pics/p1.png,apple,train
                pics/p2.png,pear,train
                "pics/p3.png", plum ,eval
                pics/p4.png,plum,eval
                pics/p5.png,fig,eval
                """);
        Files.writeString(folder.resolve("nosplit.csv"), """
                label,extra,path
                3,x,pics/p0.png
                10,x,pics/p1.png
                3,x,pics/p2.png
                20,x,pics/p3.png
                1,x,pics/p4.png
                """);
        Files.writeString(folder.resolve("gallery.csv"), """
                path,label,split
                pics/p0.png,a,train
                pics/p1.png,b,train
                pics/p2.png,c,query
                pics/p3.png,c,gallery
                pics/p4.png,d,gallery
                pics/p5.png,d,query
                pics/p6.png,e,gallery
                """);
    }

    @Override
    protected Path fixture() {
        return folder.resolve("split.csv");
    }

    @Override
    protected String locationKey() {
        return "file";
    }

    @Override
    protected Map<String, Object> badValues() {
        Map<String, Object> bad = new java.util.HashMap<>(super.badValues());
        bad.put("train-fraction", 0);
        return bad;
    }

    @Override
    protected DatasetFactory factory() {
        return new CsvFactory();
    }

    private MetricDataset csv(String name) {
        return create(Map.of("file", folder.resolve(name).toString()));
    }

    @Test
    void theSplitColumnDecides() {
        MetricDataset dataset = createWithDefaults();
        assertThat(dataset.training().labels()).containsExactly(0, 0, 1);
        // evaluation classes sorted: fig 2, plum 3
        assertThat(dataset.evaluation().labels()).containsExactly(3, 3, 2);
        assertThat(dataset.gallery()).isEmpty();
    }

    @Test
    void withoutASplitColumnTheFirstClassesTrain() {
        MetricDataset dataset = csv("nosplit.csv");
        // classes by value: 1, 3, 10, 20 -> 1 and 3 train
        assertThat(dataset.training().labels()).containsExactly(1, 1, 0);
        assertThat(dataset.evaluation().labels()).containsExactly(2, 3);
    }

    @Test
    void queryAndGalleryRowsMakeAGallery() {
        MetricDataset dataset = csv("gallery.csv");
        assertThat(dataset.training().size()).isEqualTo(2);
        assertThat(dataset.evaluation().labels()).containsExactly(2, 3);
        assertThat(dataset.gallery()).hasValueSatisfying(g -> assertThat(g.labels()).containsExactly(2, 3, 4));
    }

    @Test
    void badRowsNameFileAndLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "path,label,split\npics/a.png,x,train\npics/b.png,y\n");
        assertThatThrownBy(() -> create(Map.of("file", file.toString())))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(file + " line 3")
                .hasMessageContaining("expected 3 fields");
        Files.writeString(file, "path,label,split\npics/a.png,x,train\npics/b.png,y,test\n");
        assertThatThrownBy(() -> create(Map.of("file", file.toString())))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(file + " line 3")
                .hasMessageContaining("'test'");
        Files.writeString(file, "path,label,split\npics/a.png,x,train\npics/b.png,y,train\n./pics/a.png,z,eval\n");
        assertThatThrownBy(() -> create(Map.of("file", file.toString())))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(file + " line 4: ./pics/a.png is listed again with class 'z'; line 2 gave it class 'x'");
        Files.writeString(file, "file,label\npics/a.png,x\n");
        assertThatThrownBy(() -> create(Map.of("file", file.toString())))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(file + " line 1")
                .hasMessageContaining("path and label");
        Files.writeString(file, "path,label,split\na.png,x,train\nb.png,y,eval\nc.png,z,query\n");
        assertThatThrownBy(() -> create(Map.of("file", file.toString())))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(file + " line 4")
                .hasMessageContaining("mixes eval");
    }

    @Test
    void pathsAreRelativeToTheCsvAndMissingOnesAreNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("list.csv");
        ImageFixtures.write(dir.resolve("a.png"), ImageFixtures.noise(4, 4, 1));
        Files.writeString(file, "path,label,split\na.png,x,train\nmissing.png,y,eval\n");
        assertThatThrownBy(() -> create(Map.of("file", file.toString())))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(dir.resolve("missing.png") + " (list.csv line 3)");
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> create(Map.of("file", dir.resolve("none.csv").toString())))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(dir.resolve("none.csv").toAbsolutePath() + " does not exist");
    }
}
