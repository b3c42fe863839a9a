package org.jdml.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jdml.api.ComponentContext;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.data.DatasetFactory;
import org.jdml.api.data.MetricDataset;
import org.jdml.dataset.internal.FashionMnistFiles;
import org.jdml.dataset.internal.ZeroShotDataset;

/**
 * {@value #NAME}: the zero-shot split of FMNIST-ZS. Train and t10k are merged (70,000 images); items
 * of {@code train-classes} train, items of {@code eval-classes} evaluate, each in file order with
 * its original class id as label. Items are (1, 28, 28) images normalised as {@code (x / 255 - mean)
 * / std}; there is no augmentation.
 *
 * <pre>
 * jdml.dataset.fashion-mnist { dir = "", train-classes = [0,1,2,3,4], eval-classes = [5,6,7,8,9],
 *                              mean = 0.2860, std = 0.3530 }
 * </pre>
 */
public final class FashionMnistFactory implements DatasetFactory {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FashionMnistFactory.class);

    public static final String NAME = "fashion-mnist";

    public FashionMnistFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Fashion-MNIST, train+t10k merged, zero-shot split by class (IDX files, plain or gzipped)";
    }

    @Override
    public MetricDataset create(ComponentSettings settings, ComponentContext context) {
        String dir = settings.getString("dir");
        List<Path> folders = new ArrayList<>();
        if (!dir.isBlank()) {
            folders.add(Path.of(dir));
        }
        folders.add(FashionMnistFiles.DEBIAN_FOLDER);
        return create(settings, folders);
    }

    /** Reads the first of {@code folders} that holds the four files. */
    static MetricDataset create(ComponentSettings settings, List<Path> folders) {
        int[] train = classes(settings, "train-classes");
        int[] eval = classes(settings, "eval-classes");
        int[] shared = Arrays.stream(eval).filter(c -> Arrays.stream(train).anyMatch(t -> t == c)).toArray();
        if (!settings.check(shared.length == 0, "eval-classes",
                "must not share classes with train-classes (zero-shot), shares " + Arrays.toString(shared))) {
            eval = Arrays.stream(eval).filter(c -> Arrays.stream(shared).noneMatch(s -> s == c)).toArray();
        }
        double mean = settings.getDouble("mean");
        double std = settings.getDouble("std");
        if (!settings.check(std > 0, "std", "must be > 0")) {
            std = 1;
        }
        Path folder = FashionMnistFiles.locate(folders, settings.path() + ".dir");
        FashionMnistFiles.Merged merged = FashionMnistFiles.read(folder);
        checkPresent(settings, "train-classes", train, merged.labels());
        checkPresent(settings, "eval-classes", eval, merged.labels());
        warnLeftOut(folder, train, eval, merged.labels());
        return new ZeroShotDataset(merged.split(train, mean, std), merged.split(eval, mean, std));
    }

    /**
     * Items whose label is in neither split (Fashion-MNIST has 10 classes; a label out of that range
     * means a damaged or foreign file) are left out, and counted in a warning: nothing silently.
     */
    static java.util.Map<Integer, Integer> warnLeftOut(Path folder, int[] train, int[] eval, int[] labels) {
        java.util.Map<Integer, Integer> leftOut = new java.util.TreeMap<>();
        for (int label : labels) {
            if (Arrays.stream(train).noneMatch(c -> c == label) && Arrays.stream(eval).noneMatch(c -> c == label)) {
                leftOut.merge(label, 1, Integer::sum);
            }
        }
        if (!leftOut.isEmpty()) {
            int count = leftOut.values().stream().mapToInt(Integer::intValue).sum();
            String outOfRange = leftOut.keySet().stream().anyMatch(l -> l < 0 || l > 9)
                    ? " (labels outside 0-9 are not Fashion-MNIST's: is a file damaged?)" : "";
            LOG.warn("{} of the {} items in {} have labels in neither train-classes nor eval-classes and are left"
                    + " out, by label: {}{}", count, labels.length, folder, leftOut, outOfRange);
        }
        return leftOut;
    }

    private static int[] classes(ComponentSettings settings, String key) {
        int[] classes = settings.getIntList(key).stream().mapToInt(Integer::intValue).distinct().toArray();
        settings.check(classes.length > 0, key, "must name at least one class");
        return classes;
    }

    private static void checkPresent(ComponentSettings settings, String key, int[] classes, int[] labels) {
        int[] absent = FashionMnistFiles.absent(classes, labels);
        if (absent.length > 0) {
            settings.problem(key, "classes " + Arrays.toString(absent) + " have no items; the files hold classes "
                    + Arrays.toString(Arrays.stream(labels).distinct().sorted().toArray()));
        }
    }
}
