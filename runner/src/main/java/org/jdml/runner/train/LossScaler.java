package org.jdml.runner.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Dynamic loss scaling, for float16's narrow range: the loss is multiplied by the scale before
 * backward, so that small gradients do not flush to zero, and the gradients are divided by it before
 * the update. A step whose scaled gradients overflowed (a gradient is not finite while the loss is)
 * is dropped and the scale halves; after {@code growthInterval} good steps in a row it doubles. The
 * scale is a power of two, so scaling and unscaling change no bit of a gradient that did not
 * overflow. The rule is PyTorch's {@code GradScaler}'s, with its defaults.
 *
 * <p>Below {@code minimumScale} halving is no longer believed to help: a non-finite gradient then is
 * what {@code jdml.train.on-non-finite} handles.
 */
final class LossScaler {

    private final int growthInterval;
    private final float minimumScale;
    private float scale;
    private int goodSteps;
    private long overflows;

    LossScaler(float initialScale, int growthInterval, float minimumScale) {
        this.scale = initialScale;
        this.growthInterval = growthInterval;
        this.minimumScale = minimumScale;
    }

    static LossScaler of(TrainSettings.LossScaleSettings settings) {
        return new LossScaler(settings.initialScale(), settings.growthInterval(), settings.minimumScale());
    }

    /** The factor the loss is multiplied by before backward now. */
    float scale() {
        return scale;
    }

    /** Steps dropped so far because their scaled gradients overflowed. */
    long overflows() {
        return overflows;
    }

    /**
     * Whether a step whose gradients were not finite, with a finite loss, counts as an overflow of the
     * scale (and not as a non-finite gradient): while the scale can still halve.
     */
    boolean canBackOff() {
        return scale / 2 >= minimumScale;
    }

    /** The step's scaled gradients overflowed: it is dropped and the scale halves. */
    void overflowed() {
        scale /= 2;
        goodSteps = 0;
        overflows++;
    }

    /** The step's gradients were finite and the update applied. */
    void stepped() {
        if (++goodSteps >= growthInterval && Float.isFinite(scale * 2)) {
            scale *= 2;
            goodSteps = 0;
        }
    }

    void save(DataOutputStream out) throws IOException {
        out.writeFloat(scale);
        out.writeInt(goodSteps);
        out.writeLong(overflows);
    }

    void load(DataInputStream in) throws IOException {
        scale = in.readFloat();
        goodSteps = in.readInt();
        overflows = in.readLong();
    }
}
