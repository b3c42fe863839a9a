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
                .hasMessageContaining("Cannot read " + dir.resolve("cars_annos.mat"));
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
