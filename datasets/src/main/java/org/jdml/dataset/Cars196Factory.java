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
import org.jdml.dataset.internal.CarsFormat;

/**
 * {@value #NAME}: Stanford Cars, 196 classes, 16,185 images listed in {@code cars_annos.mat}.
 * Classes 1..98 train (8,054 images), 99..196 evaluate (8,131). Labels: training classes 0..97,
 * evaluation 98..195.
 *
 * <pre>
 * jdml.dataset.cars196 { dir = /data/cars196, train-classes = 98, size = 224, resize = 256, ... }
 * </pre>
 */
public final class Cars196Factory implements DatasetFactory {

    public static final String NAME = "cars196";

    public Cars196Factory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Stanford Cars (cars_annos.mat); classes 1-98 train, 99-196 evaluate";
    }

    @Override
    public MetricDataset create(ComponentSettings settings, ComponentContext context) {
        int trainClasses = Locations.trainClasses(settings, "train-classes");
        ImageSettings images = ImageSettings.read(settings);
        Path dir = Locations.required(settings, "dir", "the folder holding cars_annos.mat and car_ims/");
        List<List<ImageItem>> split = CarsFormat.read(dir, trainClasses, settings.getBoolean("crop-to-box"));
        return ImageDatasets.assemble(NAME, split.get(0), split.get(1), null, images);
    }
}
