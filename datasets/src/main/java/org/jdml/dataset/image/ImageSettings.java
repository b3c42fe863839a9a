package org.jdml.dataset.image;

import java.util.List;
import org.jdml.api.config.ComponentSettings;

/**
 * How images become model input, the same keys in every image dataset's settings.
 *
 * @param size side of the square output, in pixels
 * @param resize evaluation: the shorter side is scaled to this before the centre crop of {@code size}
 * @param minScale training crops cover at least this share of the image's area
 * @param maxScale ... and at most this share
 * @param minRatio training crops have a width/height ratio of at least this
 * @param maxRatio ... and at most this
 * @param flip training: mirror half of the images horizontally
 * @param channelOrder the order of the three channels in the output
 * @param valueRange the units of the pixel values before normalisation: [0, 1] or 0..255
 * @param mean per-channel mean, in the output's channel order and in {@code valueRange}'s units
 * @param std per-channel standard deviation divided by after subtracting the mean, likewise
 * @param workers decoding threads; 0 means one per available processor
 * @param skipUnreadable list unreadable images in {@code skipped()} instead of failing
 */
public record ImageSettings(int size, int resize, double minScale, double maxScale, double minRatio,
        double maxRatio, boolean flip, ChannelOrder channelOrder, ValueRange valueRange, double[] mean, double[] std,
        int workers, boolean skipUnreadable) {

    /** The order of the channels an item holds. */
    public enum ChannelOrder {
        /** Red, green, blue: what torchvision's weights expect. */
        RGB,
        /** Blue, green, red: what weights trained in Caffe expect (BN-Inception's). */
        BGR
    }

    /** The units of the pixel values before {@code (x - mean) / std}. */
    public enum ValueRange {
        /** [0, 1]: each 8-bit value divided by 255 (torchvision's {@code ToTensor}). */
        UNIT,
        /** 0..255: the 8-bit values as they are (Caffe). */
        BYTE
    }

    /** The channel of an RGB pixel that output channel {@code c} holds: 0 red, 1 green, 2 blue. */
    public int sourceChannel(int c) {
        return channelOrder == ChannelOrder.RGB ? c : 2 - c;
    }

    /** Number of floats of one item: 3 x size x size. */
    public int itemSize() {
        return 3 * size * size;
    }

    /** Decoding threads to use. */
    public int threads() {
        return workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
    }

    /**
     * Reads and checks the image keys of a dataset's settings: {@code size}, {@code resize},
     * {@code crop-scale}, {@code crop-ratio}, {@code flip}, {@code channel-order}, {@code value-range},
     * {@code mean}, {@code std},
     * {@code workers} and {@code skip-unreadable}. A bad value is recorded as a problem and replaced
     * by a harmless one.
     */
    public static ImageSettings read(ComponentSettings settings) {
        int size = settings.getInt("size");
        if (!settings.check(size > 0, "size", "must be > 0")) {
            size = 1;
        }
        int resize = settings.getInt("resize");
        if (!settings.check(resize >= size, "resize", "must be >= size (" + size + ")")) {
            resize = size;
        }
        double[] scale = range(settings, "crop-scale", true);
        double[] ratio = range(settings, "crop-ratio", false);
        boolean flip = settings.getBoolean("flip");
        ChannelOrder channelOrder = settings.getEnum(ChannelOrder.class, "channel-order");
        ValueRange valueRange = settings.getEnum(ValueRange.class, "value-range");
        double[] mean = perChannel(settings, "mean", false);
        double[] std = perChannel(settings, "std", true);
        int workers = settings.getInt("workers");
        if (!settings.check(workers >= 0, "workers", "must be >= 0 (0: one per processor)")) {
            workers = 1;
        }
        boolean skip = settings.getBoolean("skip-unreadable");
        return new ImageSettings(size, resize, scale[0], scale[1], ratio[0], ratio[1], flip, channelOrder, valueRange,
                mean, std, workers, skip);
    }

    private static double[] range(ComponentSettings settings, String key, boolean atMostOne) {
        List<Double> values = settings.getDoubleList(key);
        boolean ok = settings.check(values.size() == 2, key, "must be two numbers [min, max]")
                && settings.check(values.get(0) > 0 && values.get(0) <= values.get(1), key, "must have 0 < min <= max")
                && settings.check(!atMostOne || values.get(1) <= 1, key, "must have max <= 1 (a share of the area)");
        return ok ? new double[] {values.get(0), values.get(1)} : new double[] {1, 1};
    }

    private static double[] perChannel(ComponentSettings settings, String key, boolean positive) {
        List<Double> values = settings.getDoubleList(key);
        boolean ok = settings.check(values.size() == 3, key, "must be three numbers, one per channel")
                && settings.check(!positive || values.stream().allMatch(v -> v > 0), key, "must be > 0");
        return ok ? values.stream().mapToDouble(Double::doubleValue).toArray() : new double[] {positive ? 1 : 0,
            positive ? 1 : 0, positive ? 1 : 0};
    }
}
