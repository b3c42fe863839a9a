package org.jdml.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.jdml.api.ComponentContext;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.data.DatasetFactory;
import org.jdml.api.data.MetricDataset;
import org.jdml.dataset.image.ImageDatasets;
import org.jdml.dataset.image.ImageItem;
import org.jdml.dataset.image.ImageSettings;
import org.jdml.dataset.internal.ClassSplit;
import org.jdml.dataset.internal.ImageFolderFormat;

/**
 * {@value #NAME}: your own images, one sub-folder per class. Classes (sorted by folder name) are
 * split by {@code train-fraction}, or by the explicit lists {@code train-classes} /
 * {@code eval-classes} when either is given.
 *
 * <pre>
 * jdml.dataset.image-folder { dir = /data/my-images, train-fraction = 0.5, size = 224, resize = 256, ... }
 * </pre>
 */
public final class ImageFolderFactory implements DatasetFactory {

    public static final String NAME = "image-folder";

    public ImageFolderFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "your images, one sub-folder per class; classes split into training and evaluation";
    }

    @Override
    public MetricDataset create(ComponentSettings settings, ComponentContext context) {
        ImageSettings images = ImageSettings.read(settings);
        Path dir = Locations.required(settings, "dir", "a folder with one sub-folder of images per class");
        SortedMap<String, List<ImageItem>> classes = ImageFolderFormat.read(dir);
        ClassSplit.Classes split = ClassSplit.byNames(settings, "train-classes", "eval-classes", "train-fraction",
                new ArrayList<>(classes.keySet()), "Image folder " + dir.toAbsolutePath());
        List<ImageItem> train = new ArrayList<>();
        List<ImageItem> eval = new ArrayList<>();
        split.training().forEach(c -> train.addAll(classes.get(c)));
        split.evaluation().forEach(c -> eval.addAll(classes.get(c)));
        return ImageDatasets.assemble(NAME, train, eval, null, images);
    }
}
