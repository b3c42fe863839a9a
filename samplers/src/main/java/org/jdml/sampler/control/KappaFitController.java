package org.jdml.sampler.control;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdml.api.control.AdaptiveController;
import org.jdml.api.control.Knob;
import org.jdml.api.control.TrainingSignal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adaptive controller of Harwood et al. 2017 (eqs. 7-8): at the end of every epoch it records
 * the pair (e, κ), e being the epoch's mean share of triplets with a non-zero loss and κ the knob's
 * value during the epoch; before each epoch from {@code firstFitEpoch} on it fits
 * {@code κ = α e + β} by least squares to the last {@code history} pairs and sets the knob to
 * {@code α e_target + β}, clamped to the knob's bounds.
 *
 * <p>While every recorded pair has the same κ the line cannot be fitted: α comes out 0 and κ would
 * never move. Then the controller takes one {@code probeStep} towards the target instead (κ up when
 * the error is above it, as a larger κ excludes more hard negatives; down when below), so the next
 * fit has two values of κ. A fit that is degenerate for another reason (one pair, all errors equal)
 * keeps κ; both cases are logged.
 */
public final class KappaFitController implements AdaptiveController {

    private static final Logger LOG = LoggerFactory.getLogger(KappaFitController.class);
    private static final int STATE_FORMAT = 1;

    private final String knobName;
    private final double target;
    private final int history;
    private final int firstFitEpoch;
    private final double probeStep;
    private final int iterationsPerEpoch;

    /** The epoch being accumulated, from 0. */
    private long epoch;
    private double errorSum;
    private long errorCount;
    private final Deque<double[]> pairs = new ArrayDeque<>();
    private Map<String, Double> lastEpoch = Map.of();

    /**
     * @param knobName the knob to steer, e.g. {@code smart-mining.kappa}
     * @param target the wanted training error, in (0, 1)
     * @param history epochs of (e, κ) pairs kept for the fit, >= 2
     * @param firstFitEpoch the first epoch (from 1) whose κ comes from the fit, >= 2
     * @param probeStep the step κ takes while every recorded κ is the same, >= 0
     */
    public KappaFitController(String knobName, double target, int history, int firstFitEpoch, double probeStep,
            int iterationsPerEpoch) {
        if (!(target > 0 && target < 1) || history < 2 || firstFitEpoch < 2 || !(probeStep >= 0)
                || iterationsPerEpoch < 1) {
            throw new IllegalArgumentException("target " + target + ", history " + history + ", first fit epoch "
                    + firstFitEpoch + ", probe step " + probeStep + ", iterations per epoch " + iterationsPerEpoch);
        }
        this.knobName = knobName;
        this.target = target;
        this.history = history;
        this.firstFitEpoch = firstFitEpoch;
        this.probeStep = probeStep;
        this.iterationsPerEpoch = iterationsPerEpoch;
    }

    @Override
    public void update(TrainingSignal signal, List<Knob> knobs) {
        Knob knob = find(knobs);
        long signalEpoch = signal.iteration() / iterationsPerEpoch;
        while (epoch < signalEpoch) {
            // the last step of that epoch was skipped (non-finite loss): close it late
            closeEpoch(knob);
        }
        if (signal.hasActiveFraction()) {
            errorSum += signal.activeFraction();
            errorCount++;
        }
        if ((signal.iteration() + 1) % iterationsPerEpoch == 0) {
            closeEpoch(knob);
        }
    }

    private Knob find(List<Knob> knobs) {
        for (Knob k : knobs) {
            if (k.name().equals(knobName)) {
                return k;
            }
        }
        throw new IllegalStateException("jdml.controller.kappa-fit.knob = \"" + knobName + "\", but the run's sampler"
                + " and miner have " + (knobs.isEmpty() ? "no knobs" : "the knobs "
                + knobs.stream().map(Knob::name).toList()) + " (use jdml.sampler.name = smart-mining)");
    }

    private void closeEpoch(Knob knob) {
        long finished = epoch + 1; // from 1
        double kappa = knob.value();
        Map<String, Double> state = new LinkedHashMap<>();
        state.put("target", target);
        state.put("kappa", kappa);
        if (errorCount == 0) {
            LOG.warn("kappa-fit: epoch {} reported no training error (no step with a share of active triplets);"
                    + " no pair recorded", finished);
        } else {
            double error = errorSum / errorCount;
            state.put("error", error);
            pairs.addLast(new double[] {error, kappa});
            while (pairs.size() > history) {
                pairs.removeFirst();
            }
        }
        if (finished + 1 >= firstFitEpoch) {
            decide(knob, finished, state);
        }
        state.put("next-kappa", knob.value());
        lastEpoch = Map.copyOf(state);
        epoch++;
        errorSum = 0;
        errorCount = 0;
    }

    /** Sets κ for epoch {@code finished + 1}. */
    private void decide(Knob knob, long finished, Map<String, Double> state) {
        double[] errors = pairs.stream().mapToDouble(p -> p[0]).toArray();
        double[] kappas = pairs.stream().mapToDouble(p -> p[1]).toArray();
        double kappa = knob.value();
        boolean oneKappa = kappas.length > 0 && java.util.Arrays.stream(kappas).allMatch(k -> k == kappas[0]);
        if (oneKappa && errors.length > 0) {
            double error = errors[errors.length - 1];
            double step = error > target ? probeStep : error < target ? -probeStep : 0;
            knob.set(kappa + step);
            state.put("probe", 1.0);
            LOG.info("kappa-fit: epoch {} error {} (target {}); every recorded kappa is {}, no line to fit: probe"
                    + " step to kappa {}", finished, f(error), f(target), f(kappa), f(knob.value()));
            return;
        }
        java.util.Optional<KappaFit.Line> fitted = KappaFit.line(errors, kappas);
        if (fitted.isEmpty()) {
            LOG.info("kappa-fit: epoch {}: {} pair(s) with {} the same error, the line is degenerate: kappa stays {}",
                    finished, errors.length, errors.length < 2 ? "" : "all", f(kappa));
            state.put("degenerate", 1.0);
            return;
        }
        KappaFit.Line line = fitted.get();
        state.put("alpha", line.alpha());
        state.put("beta", line.beta());
        knob.set(line.kappaAt(target, knob.min(), knob.max()));
        LOG.info("kappa-fit: epoch {} error {} (target {}); kappa = {} e + {} over {} epochs: kappa {} -> {}",
                finished, f(errors[errors.length - 1]), f(target), f(line.alpha()), f(line.beta()), errors.length,
                f(kappa), f(knob.value()));
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /**
     * The epoch just closed: {@code error} (its mean share of active triplets), {@code target},
     * {@code kappa} (its value during the epoch), {@code next-kappa}, and {@code alpha}, {@code beta}
     * of the fit, or {@code probe} / {@code degenerate} when there was none.
     */
    @Override
    public Map<String, Double> epochState() {
        return lastEpoch;
    }

    @Override
    public void saveState(DataOutputStream out) throws IOException {
        out.writeInt(STATE_FORMAT);
        out.writeInt(iterationsPerEpoch);
        out.writeLong(epoch);
        out.writeDouble(errorSum);
        out.writeLong(errorCount);
        out.writeInt(pairs.size());
        for (double[] p : pairs) {
            out.writeDouble(p[0]);
            out.writeDouble(p[1]);
        }
        out.writeInt(lastEpoch.size());
        for (Map.Entry<String, Double> e : new java.util.TreeMap<>(lastEpoch).entrySet()) {
            out.writeUTF(e.getKey());
            out.writeDouble(e.getValue());
        }
    }

    @Override
    public void loadState(DataInputStream in) throws IOException {
        int format = in.readInt();
        if (format != STATE_FORMAT) {
            throw new IOException("kappa-fit controller state has format " + format + ", this version reads "
                    + STATE_FORMAT);
        }
        int savedPerEpoch = in.readInt();
        if (savedPerEpoch != iterationsPerEpoch) {
            throw new IOException("checkpoint was written with " + savedPerEpoch + " iterations per epoch, the run"
                    + " has " + iterationsPerEpoch);
        }
        long savedEpoch = in.readLong();
        double sum = in.readDouble();
        long count = in.readLong();
        int n = in.readInt();
        Deque<double[]> saved = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            saved.addLast(new double[] {in.readDouble(), in.readDouble()});
        }
        int entries = in.readInt();
        Map<String, Double> last = new LinkedHashMap<>();
        for (int i = 0; i < entries; i++) {
            last.put(in.readUTF(), in.readDouble());
        }
        epoch = savedEpoch;
        errorSum = sum;
        errorCount = count;
        pairs.clear();
        pairs.addAll(saved);
        lastEpoch = Map.copyOf(last);
    }
}
