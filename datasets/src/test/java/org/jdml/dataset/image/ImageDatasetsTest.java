package org.jdml.dataset.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdml.api.data.DataException;
import org.jdml.api.data.MetricDataset;
import org.jdml.dataset.ImageFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDatasetsTest {

    @TempDir
    Path dir;

    private static ImageSettings settings(boolean skip) {
        return new ImageSettings(8, 8, 0.5, 1, 0.75, 4.0 / 3, true, ImageSettings.ChannelOrder.RGB,
                ImageSettings.ValueRange.UNIT, new double[] {0.5, 0.5, 0.5},
                new double[] {0.5, 0.5, 0.5}, 2, skip);
    }

    private List<ImageItem> items(String... classKeys) throws IOException {
        List<ImageItem> items = new ArrayList<>();
        for (int i = 0; i < classKeys.length; i++) {
            Path file = ImageFixtures.write(dir.resolve(classKeys[i] + "-" + i + ".png"), ImageFixtures.noise(9, 9, i));
            items.add(new ImageItem(file, classKeys[i], "list line " + (i + 1)));
        }
        return items;
    }

    @Test
    void labelsAreDenseTrainingFirstWholeNumbersByValue() throws IOException {
        MetricDataset dataset = ImageDatasets.assemble("test", items("10", "9", "10", "2"), items("100", "11", "11"),
                null, settings(false));
        assertThat(dataset.training().labels()).containsExactly(2, 1, 2, 0);
        assertThat(dataset.evaluation().labels()).containsExactly(4, 3, 3);
        assertThat(dataset.gallery()).isEmpty();
        assertThat(dataset.skipped()).isEmpty();
    }

    @Test
    void queryAndGalleryShareTheirLabels() throws IOException {
        MetricDataset dataset = ImageDatasets.assemble("test", items("b", "a"), items("y", "x"), items("x", "y", "z"),
                settings(false));
        assertThat(dataset.training().labels()).containsExactly(1, 0);
        assertThat(dataset.evaluation().labels()).containsExactly(3, 2);
        assertThat(dataset.gallery()).hasValueSatisfying(g -> assertThat(g.labels()).containsExactly(2, 3, 4));
    }

    @Test
    void missingFilesAreListedWithWhereTheyAreListed() throws IOException {
        List<ImageItem> train = new ArrayList<>(items("a", "b"));
        train.add(new ImageItem(dir.resolve("gone.jpg"), "a", "list line 3"));
        assertThatThrownBy(() -> ImageDatasets.assemble("test", train, items("c"), null, settings(false)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("1 of 3 listed image files do not exist")
                .hasMessageContaining(dir.resolve("gone.jpg") + " (list line 3)")
                .hasMessageContaining("skip-unreadable");
    }

    @Test
    void withSkippingMissingFilesAreLeftOutAndListed() throws IOException {
        List<ImageItem> train = new ArrayList<>(items("a", "b"));
        train.add(1, new ImageItem(dir.resolve("gone.jpg"), "a", "list line 9"));
        MetricDataset dataset = ImageDatasets.assemble("test", train, items("c"), null, settings(true));
        assertThat(dataset.training().size()).isEqualTo(2);
        assertThat(dataset.training().labels()).containsExactly(0, 1);
        assertThat(dataset.skipped()).singleElement().asString()
                .contains("gone.jpg (list line 9)").contains("does not exist");
    }

    @Test
    void aClassOnBothSidesIsRejectedNamingAnImageOfEach() throws IOException {
        List<ImageItem> train = items("a", "b");
        List<ImageItem> eval = items("c", "b");
        assertThatThrownBy(() -> ImageDatasets.assemble("test", train, eval, null, settings(false)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("class 'b'")
                .hasMessageContaining("list line 2");
    }

    @Test
    void anEmptySplitIsAnError() throws IOException {
        assertThatThrownBy(() -> ImageDatasets.assemble("test", items("a"), List.of(), null, settings(false)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("evaluation split has no images")
                .hasMessageContaining("the images found belong to 1 training and 0 evaluation class(es)");
    }
}
