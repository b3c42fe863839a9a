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
import org.jdml.dataset.internal.InShopFormat;

/**
 * {@value #NAME}: DeepFashion In-Shop Clothes Retrieval. 3,997 items (classes) train on 25,882
 * images; evaluation searches 14,218 query images against a gallery of 12,612 images of 3,985 other
 * items ({@link MetricDataset#gallery()}).
 *
 * <pre>
 * jdml.dataset.inshop { dir = /data/inshop, size = 224, resize = 256, ... }
 * </pre>
 */
public final class InShopFactory implements DatasetFactory {

    public static final String NAME = "inshop";

    public InShopFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "DeepFashion In-Shop clothes retrieval; queries searched against a gallery";
    }

    @Override
    public MetricDataset create(ComponentSettings settings, ComponentContext context) {
        ImageSettings images = ImageSettings.read(settings);
        Path dir = Locations.required(settings, "dir", "the In-Shop folder (holding list_eval_partition.txt and img/)");
        List<List<ImageItem>> split = InShopFormat.read(dir);
        return ImageDatasets.assemble(NAME, split.get(0), split.get(1), split.get(2), images);
    }
}
