package org.jdml.dataset.image;

import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The images a dataset skipped as unreadable, each with the reason; shared by the splits of one
 * dataset and filled from any thread. Listed in file order, so the report does not depend on
 * thread timing.
 */
public final class SkipLog {

    private final ConcurrentSkipListMap<String, String> skipped = new ConcurrentSkipListMap<>();

    /** Records {@code item} once; later records of the same item are ignored. */
    public void add(ImageItem item, String reason) {
        skipped.putIfAbsent(item.describe(), reason);
    }

    /** "path (source): reason" for every skipped image. */
    public List<String> list() {
        return skipped.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList();
    }

    public int size() {
        return skipped.size();
    }
}
