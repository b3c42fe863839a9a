package org.jdml.sampler.control;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The controller model of Harwood et al. 2017 (eqs. 7-8): {@code kappa = alpha * e + beta}, fitted
 * by least squares to recent (training error, kappa) pairs, then solved for the target error.
 */
public final class KappaFit {

    private KappaFit() {
    }

    /** A fitted line {@code kappa = alpha * e + beta}. */
    public record Line(double alpha, double beta) {

        /** The kappa the line gives at {@code error}, clamped to {@code [min, max]}. */
        public double kappaAt(double error, double min, double max) {
            return Math.max(min, Math.min(max, alpha * error + beta));
        }
    }

    /**
     * The least-squares line through the pairs; empty when the fit is degenerate (fewer than two
     * pairs, or all errors equal).
     */
    public static Optional<Line> line(double[] errors, double[] kappas) {
        if (errors.length != kappas.length) {
            throw new IllegalArgumentException(errors.length + " errors but " + kappas.length + " kappas");
        }
        int n = errors.length;
        if (n < 2) {
            return Optional.empty();
        }
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
        if (see <= 1e-12) {
            return Optional.empty();
        }
        double alpha = sek / see;
        return Optional.of(new Line(alpha, meanK - alpha * meanE));
    }

    /**
     * The kappa the fitted line gives at {@code targetError}, clamped to {@code [min, max]}; empty when
     * the fit is degenerate, so the caller keeps kappa.
     */
    public static OptionalDouble kappaFor(double[] errors, double[] kappas, double targetError,
            double min, double max) {
        return line(errors, kappas).map(l -> OptionalDouble.of(l.kappaAt(targetError, min, max)))
                .orElse(OptionalDouble.empty());
    }
}
