package org.jdml.dataset;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The dataset contract for the image datasets: small output images, two workers, and bad values of
 * the shared image keys.
 */
abstract class ImageDatasetContract extends DatasetContract {

    /** The folder (or file) the dataset reads in the contract's tests. */
    protected abstract Path fixture();

    /** "dir", or "file" for the CSV dataset. */
    protected String locationKey() {
        return "dir";
    }

    @Override
    protected Map<String, Object> requiredSettings() {
        return Map.of(locationKey(), fixture().toString(), "size", 16, "resize", 18, "workers", 2);
    }

    @Override
    protected Map<String, Object> badValues() {
        Map<String, Object> bad = new HashMap<>();
        bad.put("size", 0);
        bad.put("resize", 8); // below size
        bad.put("crop-scale", java.util.List.of(0.5, 0.2));
        bad.put("crop-ratio", java.util.List.of(0.0, 1.0));
        bad.put("channel-order", "rbg");
        bad.put("value-range", "percent");
        bad.put("mean", java.util.List.of(0.5, 0.5));
        bad.put("std", java.util.List.of(0.2, 0.0, 0.2));
        bad.put("workers", -1);
        return bad;
    }
}
