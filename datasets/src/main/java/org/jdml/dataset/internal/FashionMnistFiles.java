package org.jdml.dataset.internal;

import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jdml.api.data.DataException;

/**
 * Finds and reads the four Fashion-MNIST IDX files, merges train and t10k (70,000 images in file
 * order) and splits them by class. Pixels stay bytes, shared by both splits.
 */
public final class FashionMnistFiles {

    /** Where the Debian package {@code dataset-fashion-mnist} installs the files. */
    public static final Path DEBIAN_FOLDER = Path.of("/usr/share/datasets/fashion-mnist");

    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    private static final List<String> NAMES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    /** All 70,000 images and labels, train then t10k; the first {@code trainCount} come from train. */
    public record Merged(byte[] pixels, int[] labels, int rows, int cols, int trainCount) {

        public int count() {
            return labels.length;
        }

        /** A split of the items whose label is in {@code classes}, in file order. */
        public ByteImageSplit split(int[] classes, double mean, double std) {
            boolean[] wanted = new boolean[256];
            for (int c : classes) {
                if (c >= 0 && c < 256) {
                    wanted[c] = true;
                }
            }
            int n = 0;
            for (int label : labels) {
                n += wanted[label] ? 1 : 0;
            }
            int[] picked = new int[n];
            int[] pickedLabels = new int[n];
            for (int i = 0, k = 0; i < labels.length; i++) {
                if (wanted[labels[i]]) {
                    picked[k] = i;
                    pickedLabels[k++] = labels[i];
                }
            }
            return new ByteImageSplit(pixels, picked, pickedLabels, new Shape(1, rows, cols), mean, std,
                    FashionMnistFiles::className, this::source);
        }

        /** "train-images-idx3-ubyte #17" or "t10k-images-idx3-ubyte #17": the file and its image number. */
        String source(int mergedRow) {
            return mergedRow < trainCount ? TRAIN_IMAGES + " #" + mergedRow
                    : TEST_IMAGES + " #" + (mergedRow - trainCount);
        }
    }

    /** The class names of the Fashion-MNIST paper, by label. */
    static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnistFiles() {}

    static String className(int label) {
        return label >= 0 && label < CLASS_NAMES.size() ? CLASS_NAMES.get(label) : Integer.toString(label);
    }


    /**
     * The first folder of {@code candidates} that holds all four files, each plain or gzipped.
     *
     * @throws DataException naming every folder looked in, what was missing there, and how to get the data
     */
    public static Path locate(List<Path> candidates, String settingPath) {
        List<String> looked = new ArrayList<>();
        for (Path folder : candidates) {
            if (!Files.isDirectory(folder)) {
                looked.add(folder.toAbsolutePath() + ": no such folder");
                continue;
            }
            List<String> missing = NAMES.stream().filter(name -> find(folder, name) == null).toList();
            if (missing.isEmpty()) {
                return folder;
            }
            looked.add(folder.toAbsolutePath() + ": missing " + String.join(", ",
                    missing.stream().map(m -> m + "[.gz]").toList()));
        }
        throw new DataException("Fashion-MNIST not found. Looked in:\n  - " + String.join("\n  - ", looked)
                + "\nInstall the Debian package (apt-get install dataset-fashion-mnist), or download "
                + String.join(".gz, ", NAMES) + ".gz into a folder and set " + settingPath + " = <that folder>.");
    }

    /** The file {@code name} or {@code name.gz} in {@code folder}, or null. */
    static Path find(Path folder, String name) {
        for (String candidate : new String[] {name, name + ".gz"}) {
            Path file = folder.resolve(candidate);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        return null;
    }

    /**
     * Reads the four files of {@code folder}.
     *
     * @throws DataException naming the file that is missing, not IDX, truncated, or whose count
     *     disagrees with its partner's
     */
    public static Merged read(Path folder) {
        Path[] files = new Path[NAMES.size()];
        for (int i = 0; i < files.length; i++) {
            files[i] = find(folder, NAMES.get(i));
            if (files[i] == null) {
                throw new DataException("Fashion-MNIST file " + folder.resolve(NAMES.get(i)) + "[.gz] does not exist");
            }
        }
        try (IdxFile trainImages = IdxFile.open(files[0], 3);
                IdxFile trainLabels = IdxFile.open(files[1], 1);
                IdxFile testImages = IdxFile.open(files[2], 3);
                IdxFile testLabels = IdxFile.open(files[3], 1)) {
            checkPair(trainImages, trainLabels);
            checkPair(testImages, testLabels);
            int[] shape = trainImages.dims();
            int[] testShape = testImages.dims();
            if (shape[1] != testShape[1] || shape[2] != testShape[2]) {
                throw new DataException(testImages.file() + " holds images of " + testShape[1] + "x" + testShape[2]
                        + " but " + trainImages.file() + " holds " + shape[1] + "x" + shape[2]);
            }
            long total = (long) trainImages.bodySize() + testImages.bodySize();
            if (total > Integer.MAX_VALUE - 16) {
                throw new DataException(folder + ": the images take more than 2 GB");
            }
            byte[] pixels = new byte[(int) total];
            trainImages.readBody(pixels, 0);
            testImages.readBody(pixels, trainImages.bodySize());
            byte[] labelBytes = new byte[trainLabels.count() + testLabels.count()];
            trainLabels.readBody(labelBytes, 0);
            testLabels.readBody(labelBytes, trainLabels.count());
            int[] labels = new int[labelBytes.length];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = labelBytes[i] & 0xFF;
            }
            return new Merged(pixels, labels, shape[1], shape[2], trainLabels.count());
        }
    }

    private static void checkPair(IdxFile images, IdxFile labels) {
        if (images.count() != labels.count()) {
            throw new DataException(images.file() + " holds " + images.count() + " images but " + labels.file()
                    + " holds " + labels.count() + " labels: the two files must describe the same items");
        }
    }

    /** Classes of {@code wanted} with no item in {@code labels}. */
    public static int[] absent(int[] wanted, int[] labels) {
        boolean[] present = new boolean[256];
        for (int label : labels) {
            present[label] = true;
        }
        return Arrays.stream(wanted).filter(c -> c < 0 || c > 255 || !present[c]).toArray();
    }
}
