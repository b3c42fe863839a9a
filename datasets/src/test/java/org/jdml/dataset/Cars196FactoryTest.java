package org.jdml.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.jdml.api.data.DataException;
import org.jdml.api.data.DatasetFactory;
import org.jdml.api.data.MetricDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Struct;

class Cars196FactoryTest extends ImageDatasetContract {

    @TempDir
    static Path fixture;

    private static final int[] CLASSES = {1, 2, 3, 4, 1, 2, 3, 4, 4};

    /** An annotations struct like Stanford's: paths, bounding boxes, class, test flag. */
    static Struct annotations(int n) {
        Struct annotations = Mat5.newStruct(1, n);
        for (int i = 0; i < n; i++) {
            annotations.set("relative_im_path", i, Mat5.newString(String.format("car_ims/%06d.jpg", i + 1)));
            annotations.set("bbox_x1", i, Mat5.newScalar(1));
            annotations.set("bbox_y1", i, Mat5.newScalar(1));
            annotations.set("bbox_x2", i, Mat5.newScalar(10));
            annotations.set("bbox_y2", i, Mat5.newScalar(8));
            annotations.set("class", i, Mat5.newScalar(CLASSES[i]));
            annotations.set("test", i, Mat5.newScalar(i % 2));
        }
        return annotations;
    }

    static void writeMat(Path file, String name, us.hebi.matlab.mat.types.Array value) throws IOException {
        MatFile mat = Mat5.newMatFile().addArray(name, value);
        Mat5.writeToFile(mat, file.toFile());
    }

    static void writeCars(Path dir) throws IOException {
        for (int i = 0; i < CLASSES.length; i++) {
            ImageFixtures.write(dir.resolve(String.format("car_ims/%06d.jpg", i + 1)), ImageFixtures.noise(14, 9, i));
        }
        writeMat(dir.resolve("cars_annos.mat"), "annotations", annotations(CLASSES.length));
    }

    @BeforeAll
    static void write() throws IOException {
        writeCars(fixture);
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
        bad.put("train-classes", -3);
        return bad;
    }

    @Override
    protected DatasetFactory factory() {
        return new Cars196Factory();
    }

    @Test
    void firstClassesTrainTheOthersEvaluateIgnoringTheTestFlag() {
        MetricDataset dataset = createWithDefaults();
        assertThat(dataset.training().size()).isEqualTo(4);
        assertThat(dataset.evaluation().size()).isEqualTo(5);
        assertThat(dataset.training().labels()).containsExactly(0, 1, 0, 1);
        assertThat(dataset.evaluation().labels()).containsExactly(2, 3, 2, 3, 3);
        assertThat(dataset.evaluation().read(new int[] {4}, true, new Random(3))).hasSize(3 * 16 * 16);
    }

    @Test
    void aFileWithoutTheAnnotationsVariableIsNamed(@TempDir Path dir) throws IOException {
        writeCars(dir);
        writeMat(dir.resolve("cars_annos.mat"), "annots", annotations(3));
        assertThatThrownBy(() -> create(Map.of("dir", dir.toString())))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(dir.resolve("cars_annos.mat").toString())
                .hasMessageContaining("no variable 'annotations'")
                .hasMessageContaining("[annots]");
    }

    @Test
    void aMissingFieldIsNamed(@TempDir Path dir) throws IOException {
        writeCars(dir);
        Struct noClass = Mat5.newStruct(1, 2);
        noClass.set("relative_im_path", 0, Mat5.newString("car_ims/000001.jpg"));
        noClass.set("relative_im_path", 1, Mat5.newString("car_ims/000002.jpg"));
        writeMat(dir.resolve("cars_annos.mat"), "annotations", noClass);
        assertThatThrownBy(() -> create(Map.of("dir", dir.toString())))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("cars_annos.mat")
                .hasMessageContaining("lacks the field 'class'");
    }

    @Test
    void annotationsOfTheWrongShapeAreNamed(@TempDir Path dir) throws IOException {
        writeCars(dir);
        writeMat(dir.resolve("cars_annos.mat"), "annotations", Mat5.newMatrix(3, 4));
        assertThatThrownBy(() -> create(Map.of("dir", dir.toString())))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("'annotations' should be a struct array")
                .hasMessageContaining("3x4");
        writeMat(dir.resolve("cars_annos.mat"), "annotations", Mat5.newStruct(2, 3));
        assertThatThrownBy(() -> create(Map.of("dir", dir.toString())))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("should be a 1xN struct array but is 2x3");
    }

    @Test
    void aBadEntryIsNamedByItsIndex(@TempDir Path dir) throws IOException {
        writeCars(dir);
        Struct annotations = annotations(CLASSES.length);
        annotations.set("class", 2, Mat5.newString("three"));
        writeMat(dir.resolve("cars_annos.mat"), "annotations", annotations);
        assertThatThrownBy(() -> create(Map.of("dir", dir.toString())))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("cars_annos.mat: annotations(3).class should be one number");
        annotations.set("class", 2, Mat5.newScalar(2.5));
        annotations.set("relative_im_path", 5, Mat5.newScalar(7));
        writeMat(dir.resolve("cars_annos.mat"), "annotations", annotations);
        assertThatThrownBy(() -> create(Map.of("dir", dir.toString())))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("annotations(3).class should be a class id >= 1 but is 2.5");
    }

    @Test
    void aFileThatIsNotMatlabIsNamed(@TempDir Path dir) throws IOException {
        writeCars(dir);
        Files.writeString(dir.resolve("cars_annos.mat"), "not a mat file at all");
        assertThatThrownBy(() -> create(Map.of("dir", dir.toString())))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("Cannot read " + dir.resolve("cars_annos.mat"))
                .hasMessageContaining("it is not a complete MATLAB v5 .mat file");
    }

    @Test
    void aTruncatedFileSaysSoInPlainWords(@TempDir Path dir) throws IOException {
        writeCars(dir);
        Path file = dir.resolve("cars_annos.mat");
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length * 2 / 3));
        assertThatThrownBy(() -> create(Map.of("dir", dir.toString())))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("Cannot read " + file + ": it is not a complete MATLAB v5 .mat file (is it truncated")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Exception"));
    }

    @Test
    void cropToBoxShowsOnlyTheBoxedRegion(@TempDir Path dir) throws IOException {
        writeCars(dir);
        // image 1 (30x20): blue with a white 6x4 block at columns 5..10, rows 3..6 (MATLAB: x 6..11, y 4..7)
        ImageFixtures.write(dir.resolve("car_ims/000001.jpg".replace(".jpg", ".png")),
                ImageFixtures.framed(30, 20, 0x0000FF, 0xFFFFFF, 5, 3, 6, 4));
        Struct annotations = annotations(CLASSES.length);
        annotations.set("relative_im_path", 0, Mat5.newString("car_ims/000001.png"));
        annotations.set("bbox_x1", 0, Mat5.newScalar(6));
        annotations.set("bbox_y1", 0, Mat5.newScalar(4));
        annotations.set("bbox_x2", 0, Mat5.newScalar(11));
        annotations.set("bbox_y2", 0, Mat5.newScalar(7));
        writeMat(dir.resolve("cars_annos.mat"), "annotations", annotations);
        float[] boxed = create(Map.of("dir", dir.toString(), "crop-to-box", true)).training()
                .read(new int[] {0}, false, new Random(0));
        float white = (1 - 0.485f) / 0.229f;
        for (int p = 0; p < 256; p++) {
            assertThat(boxed[p]).as("white (red channel) at %d", p).isCloseTo(white,
                    org.assertj.core.data.Offset.offset(1e-4f));
        }
        float[] whole = create(Map.of("dir", dir.toString())).training().read(new int[] {0}, false, new Random(0));
        assertThat(whole[0]).as("off by default: blue around the block").isLessThan(0f);
    }

    @Test
    void aBadBoxIsNamedByItsEntry(@TempDir Path dir) throws IOException {
        writeCars(dir);
        Struct annotations = annotations(CLASSES.length);
        annotations.set("bbox_x2", 3, Mat5.newScalar(0));
        writeMat(dir.resolve("cars_annos.mat"), "annotations", annotations);
        assertThat(create(Map.of("dir", dir.toString())).training().size()).as("boxes are read only when cropping")
                .isEqualTo(4);
        assertThatThrownBy(() -> create(Map.of("dir", dir.toString(), "crop-to-box", true)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("cars_annos.mat: annotations(4) has the box x1 1.0, y1 1.0, x2 0.0, y2 8.0")
                .hasMessageContaining("expected 1 <= x1 <= x2");
        annotations.set("bbox_x2", 3, Mat5.newString("ten"));
        writeMat(dir.resolve("cars_annos.mat"), "annotations", annotations);
        assertThatThrownBy(() -> create(Map.of("dir", dir.toString(), "crop-to-box", true)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("annotations(4).bbox_x2 should be one number");
        Struct noBoxes = Mat5.newStruct(1, 1);
        noBoxes.set("relative_im_path", 0, Mat5.newString("car_ims/000001.jpg"));
        noBoxes.set("class", 0, Mat5.newScalar(1));
        writeMat(dir.resolve("cars_annos.mat"), "annotations", noBoxes);
        assertThatThrownBy(() -> create(Map.of("dir", dir.toString(), "crop-to-box", true)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("lacks the field 'bbox_x1'")
                .hasMessageContaining("crop-to-box needs the bbox_* fields");
    }

    @Test
    void missingAndCorruptImagesAreNamedWithTheirEntry(@TempDir Path dir) throws IOException {
        writeCars(dir);
        Files.delete(dir.resolve("car_ims/000004.jpg"));
        assertThatThrownBy(() -> create(Map.of("dir", dir.toString())))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(dir.resolve("car_ims/000004.jpg") + " (cars_annos.mat annotations(4))");
        ImageFixtures.write(dir.resolve("car_ims/000004.jpg"), ImageFixtures.noise(5, 5, 1));
        ImageFixtures.corrupt(dir.resolve("car_ims/000002.jpg"));
        MetricDataset dataset = create(Map.of("dir", dir.toString()));
        assertThatThrownBy(() -> dataset.training().read(new int[] {1}, false, new Random(0)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(dir.resolve("car_ims/000002.jpg") + " (cars_annos.mat annotations(2))");
    }
}
