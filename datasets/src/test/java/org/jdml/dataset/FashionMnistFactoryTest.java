package org.jdml.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.api.data.DataException;
import org.jdml.api.data.DataSplit;
import org.jdml.api.data.DatasetFactory;
import org.jdml.api.data.MetricDataset;
import org.jdml.dataset.internal.FashionMnistFiles;
import org.jdml.testkit.TestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistFactoryTest extends DatasetContract {

    private static final Path DEBIAN = FashionMnistFiles.DEBIAN_FOLDER;

    @TempDir
    static Path fixture;

    @BeforeAll
    static void writeFixture() throws IOException {
        IdxFixture.write(fixture, 30, 10, 4, true);
    }

    @Override
    protected DatasetFactory factory() {
        return new FashionMnistFactory();
    }

    @Override
    protected Map<String, Object> requiredSettings() {
        return Map.of("dir", fixture.toString());
    }

    @Override
    protected Map<String, Object> badValues() {
        return Map.of("std", 0, "train-classes", List.of(), "eval-classes", List.of(4, 5));
    }

    @Test
    void itemsHaveClassNamesSourcesAndPictures(@TempDir Path tmp) throws IOException {
        MetricDataset dataset = createWithDefaults();
        DataSplit eval = dataset.evaluation();
        assertThat(eval.className(5)).isEqualTo("Sandal");
        assertThat(eval.className(9)).isEqualTo("Ankle boot");
        // evaluation item 0 is train image 5; training item 15 is t10k image 0
        assertThat(eval.source(0)).isEqualTo("train-images-idx3-ubyte #5");
        assertThat(dataset.training().source(15)).isEqualTo("t10k-images-idx3-ubyte #0");
        java.awt.image.BufferedImage picture = eval.images().orElseThrow().picture(0, 64);
        assertThat(picture.getWidth()).isEqualTo(4);
        assertThat(picture.getRaster().getSample(3, 0, 0)).isEqualTo(IdxFixture.pixel(5, 3) & 0xFF);
        // the picture written as a file and read back through the evaluation transform: the item's floats
        Path file = tmp.resolve("item.png");
        javax.imageio.ImageIO.write(picture, "png", file.toFile());
        float[] fromFile = eval.images().orElseThrow().readFile(file);
        assertThat(fromFile).containsExactly(eval.read(new int[] {0}, false, new Random(0)),
                org.assertj.core.data.Offset.offset(1e-6f));
        Path broken = Files.writeString(tmp.resolve("broken.png"), "no picture");
        assertThatThrownBy(() -> eval.images().orElseThrow().readFile(broken)).isInstanceOf(DataException.class)
                .hasMessageContaining(broken.toString());
    }

    @Test
    void fixtureIsSplitByClassInFileOrder() {
        MetricDataset dataset = createWithDefaults();
        // train labels i % 10 (30 items), t10k labels (i + 3) % 10 (10 items): 20 of classes 0..4
        DataSplit train = dataset.training();
        assertThat(train.size()).isEqualTo(20);
        assertThat(dataset.evaluation().size()).isEqualTo(20);
        assertThat(train.itemShape().getShape()).containsExactly(1, 4, 4);
        assertThat(train.labels()).startsWith(0, 1, 2, 3, 4, 0, 1);
        // file order: the first training item is train image 0
        float[] first = train.read(new int[] {0}, false, new Random(0));
        assertThat(first[5]).isCloseTo(normalised(IdxFixture.pixel(0, 5)), org.assertj.core.data.Offset.offset(1e-6f));
        // after the 15 train-file items come the t10k ones: item 15 is t10k image 0 (image 30, label 3)
        assertThat(train.labels()[15]).isEqualTo(3);
        float[] fromTest = train.read(new int[] {15}, false, new Random(0));
        assertThat(fromTest[7]).isCloseTo(normalised(IdxFixture.pixel(30, 7)), org.assertj.core.data.Offset.offset(1e-6f));
        // evaluation item 0 is train image 5 (label 5)
        float[] eval = dataset.evaluation().read(new int[] {0}, true, new Random(0));
        assertThat(eval[3]).isCloseTo(normalised(IdxFixture.pixel(5, 3)), org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(dataset.evaluation().labels()[0]).isEqualTo(5);
    }

    @Test
    void classesWithoutItemsAreAProblem() {
        assertThatThrownBy(() -> create(Map.of("eval-classes", List.of(5, 6, 12))))
                .isInstanceOf(JdmlConfigurationException.class)
                .hasMessageContaining("jdml.dataset.fashion-mnist.eval-classes")
                .hasMessageContaining("[12]");
    }

    @Test
    void aFolderWithoutTheFilesIsNamedWithHowToGetTheData(@TempDir Path empty) {
        assertThatThrownBy(() -> FashionMnistFactory.create(
                        TestContext.settings(kind(), FashionMnistFactory.NAME, overrides(Map.of())),
                        List.of(empty, empty.resolve("nowhere"))))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(empty.toAbsolutePath() + ": missing train-images-idx3-ubyte[.gz]")
                .hasMessageContaining(empty.resolve("nowhere").toAbsolutePath() + ": no such folder")
                .hasMessageContaining("apt-get install dataset-fashion-mnist")
                .hasMessageContaining("jdml.dataset.fashion-mnist.dir");
    }

    // ---- the real files (installed by the Debian package here and in CI) ----

    @Test
    void realFilesGiveTheBenchmarkSplit() throws IOException {
        assumeTrue(Files.isDirectory(DEBIAN), "Fashion-MNIST is not installed");
        MetricDataset dataset = TestContext.build(factory(), kind(), overrides(Map.of("dir", "")), context());
        assertThat(dataset.training().size()).isEqualTo(35_000);
        assertThat(dataset.evaluation().size()).isEqualTo(35_000);
        assertThat(classes(dataset.training())).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
        assertThat(classes(dataset.evaluation())).containsExactlyInAnyOrder(5, 6, 7, 8, 9);
        assertThat(dataset.training().itemShape().getShape()).containsExactly(1, 28, 28);

        // first items of each split against a direct read of the files
        byte[] trainImages = gunzip(DEBIAN.resolve("train-images-idx3-ubyte.gz"));
        byte[] trainLabels = gunzip(DEBIAN.resolve("train-labels-idx1-ubyte.gz"));
        int firstTrain = firstWithLabelIn(trainLabels, 0, 4);
        int firstEval = firstWithLabelIn(trainLabels, 5, 9);
        assertThat(dataset.training().labels()[0]).isEqualTo(trainLabels[8 + firstTrain]);
        assertThat(dataset.evaluation().labels()[0]).isEqualTo(trainLabels[8 + firstEval]);
        float[] train = dataset.training().read(new int[] {0}, false, new Random(0));
        float[] eval = dataset.evaluation().read(new int[] {0}, false, new Random(0));
        for (int j = 0; j < 784; j++) {
            int trainPixel = trainImages[16 + firstTrain * 784 + j] & 0xFF;
            int evalPixel = trainImages[16 + firstEval * 784 + j] & 0xFF;
            assertThat(train[j]).isCloseTo((float) ((trainPixel / 255.0 - 0.2860) / 0.3530),
                    org.assertj.core.data.Offset.offset(1e-6f));
            assertThat(eval[j]).isCloseTo((float) ((evalPixel / 255.0 - 0.2860) / 0.3530),
                    org.assertj.core.data.Offset.offset(1e-6f));
        }
        // the last evaluation item comes from the end of t10k
        byte[] testLabels = gunzip(DEBIAN.resolve("t10k-labels-idx1-ubyte.gz"));
        int lastEval = -1;
        for (int i = 8; i < testLabels.length; i++) {
            lastEval = testLabels[i] >= 5 ? i - 8 : lastEval;
        }
        assertThat(dataset.evaluation().labels()[34_999]).isEqualTo(testLabels[8 + lastEval]);
    }

    private static int firstWithLabelIn(byte[] idxLabels, int low, int high) {
        for (int i = 8; i < idxLabels.length; i++) {
            if (idxLabels[i] >= low && idxLabels[i] <= high) {
                return i - 8;
            }
        }
        throw new AssertionError("no label in " + low + ".." + high);
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)))) {
            return in.readAllBytes();
        }
    }

    private static float normalised(byte pixel) {
        return (float) (((pixel & 0xFF) / 255.0 - 0.2860) / 0.3530);
    }

    @Test
    void labelsInNeitherSplitAreCountedByLabel() {
        // labels 0-4 train, 7 and 8 evaluate: 5, 6, 9 and a foreign 42 are left out and counted
        int[] labels = {0, 1, 5, 5, 6, 7, 8, 9, 42, 42, 42};
        java.util.Map<Integer, Integer> leftOut = FashionMnistFactory.warnLeftOut(java.nio.file.Path.of("files"),
                new int[] {0, 1, 2, 3, 4}, new int[] {7, 8}, labels);
        assertThat(leftOut).containsExactly(java.util.Map.entry(5, 2), java.util.Map.entry(6, 1),
                java.util.Map.entry(9, 1), java.util.Map.entry(42, 3));
        assertThat(FashionMnistFactory.warnLeftOut(java.nio.file.Path.of("files"), new int[] {0, 1, 5, 6, 9, 42},
                new int[] {7, 8}, labels)).isEmpty();
    }
}
