package org.jdml.runner.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The running level of a run's loss, an exponential average of the finite losses of the steps that
 * were applied (weight 0.95 on the past, about the last 20 steps), against which a diverging loss is
 * told apart from an unlucky batch. Part of the loop's checkpoint, so a resumed run judges the same.
 */
final class LossLevel {

    /** Levels below this count as this, so that a loss near 0 does not make every later batch diverge. */
    static final double FLOOR = 1e-3;
    private static final double PAST = 0.95;

    private double value;
    private long steps;

    void add(double loss) {
        value = steps == 0 ? loss : PAST * value + (1 - PAST) * loss;
        steps++;
    }

    boolean known() {
        return steps > 0;
    }

    double value() {
        return value;
    }

    void save(DataOutputStream out) throws IOException {
        out.writeDouble(value);
        out.writeLong(steps);
    }

    /** Reads what {@link #save} wrote; a checkpoint from before it was kept leaves the level unknown. */
    void load(DataInputStream in) throws IOException {
        if (in.available() == 0) {
            value = 0;
            steps = 0;
            return;
        }
        value = in.readDouble();
        steps = in.readLong();
    }
}
