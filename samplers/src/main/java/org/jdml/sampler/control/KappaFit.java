package org.jdml.sampler.control;

import java.util.OptionalDouble;

/**
 * The controller model of Harwood et al. 2017 (eqs. 7-8): {@code kappa = alpha * e + beta}, fitted
 * by least squares to recent (training error, kappa) pairs, then solved for the target error.
 */
public final class KappaFit {

    private KappaFit() {
    }

    /** A fitted line {@code kappa = alpha * e + beta}. */
    public record Line(double alpha, double beta) {}

    /**
     * The least-squares line through the pairs.
     *
     * @throws IllegalArgumentException when the fit is degenerate (fewer than two pairs, all errors equal)
     */
    public static Line line(double[] errors, double[] kappas) {
        if (errors.length != kappas.length) {
            throw new IllegalArgumentException(errors.length + " errors but " + kappas.length + " kappas");
        }
        int n = errors.length;
        double meanE = 0;
        double meanK = 0;
        for (int i = 0; i < n; i++) {
            meanE += errors[i] / n;
            meanK += kappas[i] / n;
        }
        double see = 0;
        double sek = 0;
        for (int i = 0; i < n; i++) {
            see += (errors[i] - meanE) * (errors[i] - meanE);
            sek += (errors[i] - meanE) * (kappas[i] - meanK);
        }
        if (n < 2 || see <= 1e-12) {
            throw new IllegalArgumentException("no line through " + n + " pair(s) with these errors");
        }
        double alpha = sek / see;
        return new Line(alpha, meanK - alpha * meanE);
    }

    /**
     * The kappa the fitted line gives at {@code targetError}, clamped to {@code [min, max]}; empty when
     * the fit is degenerate (fewer than two pairs, or all errors equal), so the caller keeps kappa.
     */
    public static OptionalDouble kappaFor(double[] errors, double[] kappas, double targetError,
            double min, double max) {
        Line line;
        try {
            line = line(errors, kappas);
        } catch (IllegalArgumentException degenerate) {
            if (errors.length != kappas.length) {
                throw degenerate;
            }
            return OptionalDouble.empty();
        }
        double kappa = line.alpha() * targetError + line.beta();
        return OptionalDouble.of(Math.max(min, Math.min(max, kappa)));
    }
}
