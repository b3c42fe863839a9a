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
import org.jdml.dataset.internal.SopFormat;

/**
 * {@value #NAME}: Stanford Online Products, 22,634 products (classes) in 120,053 images; the
 * 11,318 classes of {@code Ebay_train.txt} train (59,551 images), the 11,316 of
 * {@code Ebay_test.txt} evaluate (60,502).
 *
 * <pre>
 * jdml.dataset.sop { dir = /data/Stanford_Online_Products, size = 224, resize = 256, ... }
 * </pre>
 */
public final class SopFactory implements DatasetFactory {

    public static final String NAME = "sop";

    public SopFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Stanford Online Products (Ebay_train.txt / Ebay_test.txt)";
    }

    @Override
    public MetricDataset create(ComponentSettings settings, ComponentContext context) {
        ImageSettings images = ImageSettings.read(settings);
        Path dir = Locations.required(settings, "dir", "the Stanford_Online_Products folder (holding Ebay_train.txt)");
        List<List<ImageItem>> split = SopFormat.read(dir);
        return ImageDatasets.assemble(NAME, split.get(0), split.get(1), null, images);
    }
}
