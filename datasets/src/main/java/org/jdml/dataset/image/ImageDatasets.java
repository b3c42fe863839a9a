package org.jdml.dataset.image;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jdml.api.data.DataException;
import org.jdml.api.data.MetricDataset;
import org.jdml.dataset.internal.ZeroShotDataset;

/**
 * Turns the image lists a format reader produced into a dataset: checks that every file exists
 * (decoding waits until a batch needs the image), gives classes dense labels (training classes
 * {@code 0..T-1}, evaluation classes {@code T..}, each group in the order of {@link #CLASS_ORDER}),
 * and builds the splits on one decode pool.
 */
public final class ImageDatasets {

    /** Class keys that are whole numbers sort by value, others (and mixed) by text. */
    public static final Comparator<String> CLASS_ORDER = (a, b) -> {
        Long x = number(a);
        Long y = number(b);
        if (x != null && y != null) {
            return Long.compare(x, y);
        }
        return a.compareTo(b);
    };

    /** How many missing files an error lists before it just counts. */
    private static final int LISTED = 10;

    private ImageDatasets() {}

    private static Long number(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                if (!(i == 0 && c == '-' && s.length() > 1)) {
                    return null;
                }
            }
        }
        return Long.parseLong(s);
    }

    /**
     * @param what the dataset's name, for messages
     * @param gallery null for the usual protocol (each evaluation image queries the others)
     * @throws DataException listing missing files (unless skipped), or when a split ends up empty
     */
    public static MetricDataset assemble(String what, List<ImageItem> training, List<ImageItem> evaluation,
            List<ImageItem> gallery, ImageSettings settings) {
        SkipLog skipLog = new SkipLog();
        List<ImageItem> train = existing(what, training, settings, skipLog);
        List<ImageItem> eval = existing(what, evaluation, settings, skipLog);
        List<ImageItem> gal = gallery == null ? null : existing(what, gallery, settings, skipLog);
        checkDisjoint(what, train, gal == null ? eval : concat(eval, gal));
        Map<String, Integer> labels = new HashMap<>();
        assignLabels(labels, keys(train));
        List<ImageItem> evalAndGallery = new ArrayList<>(eval);
        if (gal != null) {
            evalAndGallery.addAll(gal);
        }
        assignLabels(labels, keys(evalAndGallery));
        String found = "; the images found belong to " + classCount(train) + " training and " + classCount(evalAndGallery)
                + " evaluation class(es) (a class-count setting such as train-classes larger than the classes"
                + " present leaves the evaluation split empty)";
        checkNotEmpty(what, "training", train, found);
        checkNotEmpty(what, "evaluation", eval, found);
        if (gal != null) {
            checkNotEmpty(what, "gallery", gal, found);
        }
        ImagePipeline pipeline = new ImagePipeline(settings);
        DecodePool pool = new DecodePool(settings.threads());
        SkipLog decodeSkips = settings.skipUnreadable() ? skipLog : null;
        return new ZeroShotDataset(
                new ImageSplit(train, labelsOf(train, labels), pipeline, pool, decodeSkips),
                new ImageSplit(eval, labelsOf(eval, labels), pipeline, pool, decodeSkips),
                gal == null ? null : new ImageSplit(gal, labelsOf(gal, labels), pipeline, pool, decodeSkips),
                skipLog::list);
    }

    private static List<ImageItem> concat(List<ImageItem> a, List<ImageItem> b) {
        List<ImageItem> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Zero-shot: no class may have images on both sides. */
    private static void checkDisjoint(String what, List<ImageItem> train, List<ImageItem> eval) {
        Map<String, ImageItem> firstTrain = new HashMap<>();
        train.forEach(item -> firstTrain.putIfAbsent(item.classKey(), item));
        for (ImageItem item : eval) {
            ImageItem other = firstTrain.get(item.classKey());
            if (other != null) {
                throw new DataException(what + ": class '" + item.classKey() + "' has training and evaluation images,"
                        + " e.g. " + other.describe() + " and " + item.describe()
                        + "; a zero-shot split needs disjoint classes");
            }
        }
    }

    private static Set<String> keys(Collection<ImageItem> items) {
        Set<String> keys = new LinkedHashSet<>();
        items.forEach(item -> keys.add(item.classKey()));
        return keys;
    }

    private static void assignLabels(Map<String, Integer> labels, Set<String> keys) {
        TreeSet<String> sorted = new TreeSet<>(CLASS_ORDER);
        keys.stream().filter(k -> !labels.containsKey(k)).forEach(sorted::add);
        for (String key : sorted) {
            labels.put(key, labels.size());
        }
    }

    private static int[] labelsOf(List<ImageItem> items, Map<String, Integer> labels) {
        return items.stream().mapToInt(item -> labels.get(item.classKey())).toArray();
    }

    private static List<ImageItem> existing(String what, List<ImageItem> items, ImageSettings settings,
            SkipLog skipLog) {
        List<ImageItem> found = new ArrayList<>(items.size());
        List<ImageItem> missing = new ArrayList<>();
        for (ImageItem item : items) {
            if (Files.isRegularFile(item.file())) {
                found.add(item);
            } else {
                missing.add(item);
            }
        }
        if (missing.isEmpty()) {
            return found;
        }
        if (settings.skipUnreadable()) {
            missing.forEach(item -> skipLog.add(item, "file does not exist"));
            return found;
        }
        StringBuilder message = new StringBuilder(what + ": " + missing.size() + " of " + items.size()
                + " listed image files do not exist:");
        missing.stream().limit(LISTED).forEach(item -> message.append("\n  - ").append(item.describe()));
        if (missing.size() > LISTED) {
            message.append("\n  - ... and ").append(missing.size() - LISTED).append(" more");
        }
        message.append("\nSet skip-unreadable = true to leave them out (they are then listed as skipped).");
        throw new DataException(message.toString());
    }

    private static void checkNotEmpty(String what, String split, List<ImageItem> items, String found) {
        if (items.isEmpty()) {
            throw new DataException(what + ": the " + split + " split has no images" + found);
        }
    }

    private static long classCount(List<ImageItem> items) {
        return items.stream().map(ImageItem::classKey).distinct().count();
    }
}
