package org.jdml.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.jdml.api.ComponentContext;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.data.DatasetFactory;
import org.jdml.api.data.MetricDataset;
import org.jdml.dataset.image.ImageDatasets;
import org.jdml.dataset.image.ImageItem;
import org.jdml.dataset.image.ImageSettings;
import org.jdml.dataset.internal.ClassSplit;
import org.jdml.dataset.internal.CsvFormat;

/**
 * {@value #NAME}: images listed in a CSV manifest with columns {@code path}, {@code label} and
 * optionally {@code split} ({@code train}/{@code eval}, or {@code train}/{@code query}/{@code
 * gallery}). Without a split column the classes (sorted) are split by {@code train-fraction}.
 *
 * <pre>
 * jdml.dataset.csv { file = /data/my-images/manifest.csv, train-fraction = 0.5, size = 224, ... }
 * </pre>
 */
public final class CsvFactory implements DatasetFactory {

    public static final String NAME = "csv";

    public CsvFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "images listed in a CSV file (path, label, optional split)";
    }

    @Override
    public MetricDataset create(ComponentSettings settings, ComponentContext context) {
        ImageSettings images = ImageSettings.read(settings);
        double fraction = ClassSplit.fraction(settings, "train-fraction");
        Path file = Locations.required(settings, "file", "the CSV manifest (columns path, label[, split])");
        CsvFormat.Manifest manifest = CsvFormat.read(file);
        if (manifest.hasSplitColumn()) {
            List<List<ImageItem>> split = manifest.bySplit();
            return ImageDatasets.assemble(NAME, split.get(0), split.get(1), split.get(2), images);
        }
        TreeSet<String> labels = new TreeSet<>(ImageDatasets.CLASS_ORDER);
        manifest.items().forEach(item -> labels.add(item.classKey()));
        ClassSplit.Classes classes = ClassSplit.byFraction(fraction, new ArrayList<>(labels),
                "CSV manifest " + file);
        List<ImageItem> train = new ArrayList<>();
        List<ImageItem> eval = new ArrayList<>();
        for (ImageItem item : manifest.items()) {
            (classes.training().contains(item.classKey()) ? train : eval).add(item);
        }
        return ImageDatasets.assemble(NAME, train, eval, null, images);
    }
}
