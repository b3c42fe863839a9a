package org.jdml.dataset;

import java.nio.file.Path;
import java.util.List;
import org.jdml.api.ComponentContext;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.data.DatasetFactory;
import org.jdml.api.data.MetricDataset;
import org.jdml.dataset.image.ImageDatasets;
import org.jdml.dataset.image.ImageItem;
import org.jdml.dataset.image.ImageSettings;
import org.jdml.dataset.internal.CubFormat;

/**
 * {@value #NAME}: Caltech-UCSD Birds, 200 classes, 11,788 images. Classes 1..100 train (5,864
 * images), 101..200 evaluate (5,924). Labels: training classes 0..99, evaluation 100..199.
 *
 * <pre>
 * jdml.dataset.cub-200-2011 { dir = /data/CUB_200_2011, train-classes = 100, size = 224, resize = 256, ... }
 * </pre>
 */
public final class Cub200Factory implements DatasetFactory {

    public static final String NAME = "cub-200-2011";

    public Cub200Factory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "CUB-200-2011 birds; classes 1-100 train, 101-200 evaluate";
    }

    @Override
    public MetricDataset create(ComponentSettings settings, ComponentContext context) {
        int trainClasses = Locations.trainClasses(settings, "train-classes");
        ImageSettings images = ImageSettings.read(settings);
        Path dir = Locations.required(settings, "dir", "the CUB_200_2011 folder (the one holding images.txt)");
        List<List<ImageItem>> split = CubFormat.read(dir, trainClasses, settings.getBoolean("crop-to-box"));
        return ImageDatasets.assemble(NAME, split.get(0), split.get(1), null, images);
    }
}
