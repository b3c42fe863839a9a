package org.jdml.dataset.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jdml.api.data.DataException;
import org.jdml.dataset.ImageFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSplitTest {

    @TempDir
    Path dir;

    private final List<ImageItem> items = new ArrayList<>();
    private int[] labels;

    @BeforeEach
    void writeImages() throws IOException {
        labels = new int[12];
        for (int i = 0; i < 12; i++) {
            Path file = ImageFixtures.write(dir.resolve("img" + i + (i % 2 == 0 ? ".png" : ".jpg")),
                    ImageFixtures.noise(20 + i, 16 + i, i));
            labels[i] = i / 4;
            items.add(new ImageItem(file, Integer.toString(i / 4), "list.txt line " + (i + 1)));
        }
    }

    private ImageSplit split(int workers, SkipLog skipLog) {
        ImageSettings settings = ImagePipelineTest.settings(8, 10, 0.08, 1, 0.75, 4.0 / 3, true);
        return new ImageSplit(items, labels, new ImagePipeline(settings), new DecodePool(workers), skipLog);
    }

    @Test
    void parallelReadsGiveExactlyWhatOneThreadGives() {
        int[] batch = {3, 0, 11, 5, 5, 7, 2, 9, 1};
        for (boolean augment : new boolean[] {true, false}) {
            float[] single = split(1, null).read(batch, augment, new Random(42));
            for (int run = 0; run < 3; run++) {
                assertThat(split(4, null).read(batch, augment, new Random(42))).containsExactly(single);
            }
        }
        // the same item twice in a batch gets its own augmentation each time
        float[] twice = split(3, null).read(new int[] {5, 5}, true, new Random(1));
        assertThat(java.util.Arrays.copyOfRange(twice, 0, 192)).isNotEqualTo(java.util.Arrays.copyOfRange(twice, 192, 384));
    }

    @Test
    void shapeAndLabelsFollowTheItems() {
        ImageSplit split = split(2, null);
        assertThat(split.size()).isEqualTo(12);
        assertThat(split.itemShape().getShape()).containsExactly(3, 8, 8);
        assertThat(split.labels()).containsExactly(0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2);
        assertThat(split.read(new int[] {0, 1}, false, new Random(0))).hasSize(2 * 3 * 64);
    }

    @Test
    void anUndecodableImageFailsTheReadNamingFileAndEntry() throws IOException {
        ImageFixtures.corrupt(items.get(6).file());
        ImageSplit split = split(3, null);
        assertThatThrownBy(() -> split.read(new int[] {0, 6, 9}, false, new Random(0)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(items.get(6).file().toString())
                .hasMessageContaining("list.txt line 7")
                .hasMessageContaining("skip-unreadable");
    }

    @Test
    void withSkippingAnUndecodableImageIsListedAndReplacedByItsClassmate() throws IOException {
        ImageFixtures.corrupt(items.get(6).file());
        SkipLog log = new SkipLog();
        ImageSplit split = split(2, log);
        float[] read = split.read(new int[] {6, 0}, false, new Random(0));
        float[] classmate = split.read(new int[] {7}, false, new Random(0));
        assertThat(java.util.Arrays.copyOfRange(read, 0, 192)).containsExactly(classmate);
        assertThat(log.list()).singleElement().asString()
                .contains(items.get(6).file().toString()).contains("list.txt line 7").contains("cannot decode");
        split.read(new int[] {6}, true, new Random(0));
        assertThat(log.size()).as("recorded once").isEqualTo(1);
    }

    @Test
    void aClassWithNoReadableImageFailsEvenWhenSkipping() throws IOException {
        for (int i = 8; i < 12; i++) {
            ImageFixtures.corrupt(items.get(i).file());
        }
        ImageSplit split = split(1, new SkipLog());
        assertThatThrownBy(() -> split.read(new int[] {10}, false, new Random(0)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("No image of class 2 can be decoded");
    }
}
