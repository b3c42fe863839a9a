package org.jdml.api.control;

import org.jdml.api.Experimental;
/**
 * A number a sampler or miner lets an adaptive controller turn while training runs (a neighbourhood
 * size, a share of mined examples). The value always stays within its bounds.
 */
@Experimental("the controller API is young")
public final class Knob {

    private final String name;
    private final double min;
    private final double max;
    private final boolean harderWhenHigher;
    private double value;

    /**
     * @param name kebab-case, shown in logs and plots, e.g. "smart-mining.neighbours"
     * @param harderWhenHigher whether raising the value makes training examples harder
     */
    public Knob(String name, double initial, double min, double max, boolean harderWhenHigher) {
        if (!(min <= max)) {
            throw new IllegalArgumentException("knob " + name + ": min " + min + " exceeds max " + max);
        }
        this.name = name;
        this.min = min;
        this.max = max;
        this.harderWhenHigher = harderWhenHigher;
        set(initial);
    }

    public String name() {
        return name;
    }

    public double value() {
        return value;
    }

    /** Sets the value, clamped into [min, max]. */
    public void set(double newValue) {
        if (Double.isNaN(newValue)) {
            throw new IllegalArgumentException("knob " + name + " cannot be set to NaN");
        }
        value = Math.max(min, Math.min(max, newValue));
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public boolean harderWhenHigher() {
        return harderWhenHigher;
    }

    @Override
    public String toString() {
        return name + "=" + value;
    }
}
