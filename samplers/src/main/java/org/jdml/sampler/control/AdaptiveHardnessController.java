package org.jdml.sampler.control;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.jdml.api.control.AdaptiveController;
import org.jdml.api.control.Knob;
import org.jdml.api.control.TrainingSignal;

/**
 * Multiplicative proportional control of mining hardness. This is our design, not the paper's:
 * Harwood et al. (2017) describe an adaptive controller but its rule was not recovered.
 *
 * <p>Signal: the share a of a batch's triplets with non-zero loss ({@link TrainingSignal#activeFraction}),
 * smoothed every iteration into an exponential moving average {@code s = beta s + (1 - beta) a}
 * (started at the first value). Few active triplets mean the batches have become too easy.
 *
 * <p>Error: {@code e = target - s}, shrunk by the dead band ({@code e = 0} inside
 * {@code target +- deadBand}, and {@code e - sign(e) deadBand} outside, so the response is
 * continuous). When the loss reports no active share, the smoothed loss is held in a band
 * instead: {@code e = (low - L) / low} below it, {@code -(L - high) / high} above it (at most 1 in
 * size), 0 inside.
 *
 * <p>Update, every {@code interval} iterations: the log-step {@code u = clip(gain e, +-ln(1 +
 * maxStep))} makes each steered knob harder ({@code u > 0}) or easier: a knob that is harder when
 * higher becomes {@code v exp(u)}, one that is harder when lower {@code v exp(-u)}, clamped to its
 * bounds. So a knob moves by at most {@code maxStep} of its value per update. A knob whose value is
 * (near) zero moves as if it were {@code zeroFloor} of its range, so it can leave 0.
 */
public final class AdaptiveHardnessController implements AdaptiveController {

    private static final int STATE_FORMAT = 1;

    private final AdaptiveSettings settings;
    private final double maxLogStep;
    private double activeAverage = Double.NaN;
    private double lossAverage = Double.NaN;
    private boolean lastHadActive;
    private long updates;
    private int sinceMove;

    public AdaptiveHardnessController(AdaptiveSettings settings) {
        this.settings = settings;
        this.maxLogStep = Math.log1p(settings.maxStep());
    }

    public AdaptiveSettings settings() {
        return settings;
    }

    /** The smoothed share of active triplets; NaN before the first signal that has one. */
    public double smoothedActiveFraction() {
        return activeAverage;
    }

    /** Signals that carried a finite active share or loss, since the run began. */
    public long signalsSeen() {
        return updates;
    }

    /** The smoothed loss; NaN before the first finite loss. */
    public double smoothedLoss() {
        return lossAverage;
    }

    @Override
    public void update(TrainingSignal signal, List<Knob> knobs) {
        boolean hasActive = signal.hasActiveFraction() && Double.isFinite(signal.activeFraction());
        boolean hasLoss = Double.isFinite(signal.loss());
        if (hasActive) {
            activeAverage = smooth(activeAverage, Math.max(0, Math.min(1, signal.activeFraction())));
        }
        if (hasLoss) {
            lossAverage = smooth(lossAverage, signal.loss());
        }
        if (!hasActive && !hasLoss) {
            return; // nothing measured this iteration (a non-finite loss): it does not count
        }
        lastHadActive = hasActive;
        updates++;
        if (++sinceMove < settings.interval()) {
            return;
        }
        sinceMove = 0;
        double logStep = Math.max(-maxLogStep, Math.min(maxLogStep, settings.gain() * error()));
        if (logStep == 0) {
            return;
        }
        for (Knob knob : steered(knobs)) {
            move(knob, knob.harderWhenHigher() ? logStep : -logStep);
        }
    }

    private double smooth(double average, double value) {
        return Double.isNaN(average) ? value : settings.smoothing() * average + (1 - settings.smoothing()) * value;
    }

    /** Positive when the batches are too easy (harder wanted), negative when too hard. */
    double error() {
        if (lastHadActive) {
            double e = settings.target() - activeAverage;
            double band = settings.deadBand();
            return Math.abs(e) <= band ? 0 : e - Math.copySign(band, e);
        }
        if (lossAverage < settings.lossLow()) {
            return Math.min(1, (settings.lossLow() - lossAverage) / settings.lossLow());
        }
        if (lossAverage > settings.lossHigh()) {
            return -Math.min(1, (lossAverage - settings.lossHigh()) / settings.lossHigh());
        }
        return 0;
    }

    /** Multiplies the knob's value by {@code exp(logStep)}, with a floor on the scale near zero. */
    private void move(Knob knob, double logStep) {
        double range = knob.max() - knob.min();
        double scale = Math.max(Math.abs(knob.value()), settings.zeroFloor() * range);
        if (scale == 0) {
            return; // a knob pinned to a single value
        }
        knob.set(knob.value() + scale * Math.expm1(logStep));
    }

    private List<Knob> steered(List<Knob> knobs) {
        if (settings.knobs().isEmpty()) {
            return knobs;
        }
        List<Knob> chosen = new ArrayList<>();
        TreeSet<String> missing = new TreeSet<>(settings.knobs());
        for (Knob knob : knobs) {
            if (settings.knobs().contains(knob.name())) {
                chosen.add(knob);
                missing.remove(knob.name());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("jdml.controller.adaptive.knobs names " + missing
                    + ", which this run's sampler and miner do not have; their knobs are "
                    + knobs.stream().map(Knob::name).toList());
        }
        return chosen;
    }

    @Override
    public void saveState(DataOutputStream out) throws IOException {
        out.writeInt(STATE_FORMAT);
        out.writeDouble(activeAverage);
        out.writeDouble(lossAverage);
        out.writeBoolean(lastHadActive);
        out.writeLong(updates);
        out.writeInt(sinceMove);
    }

    @Override
    public void loadState(DataInputStream in) throws IOException {
        int format = in.readInt();
        if (format != STATE_FORMAT) {
            throw new IOException("adaptive controller state has format " + format + ", this version reads "
                    + STATE_FORMAT);
        }
        double active = in.readDouble();
        double loss = in.readDouble();
        boolean hadActive = in.readBoolean();
        long savedUpdates = in.readLong();
        int savedSinceMove = in.readInt();
        if (savedSinceMove < 0 || savedUpdates < 0) {
            throw new IOException("adaptive controller state holds negative counters");
        }
        activeAverage = active;
        lossAverage = loss;
        lastHadActive = hadActive;
        updates = savedUpdates;
        sinceMove = savedSinceMove;
    }
}
