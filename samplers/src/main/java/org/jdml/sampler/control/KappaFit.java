package org.jdml.sampler.control;

import java.util.OptionalDouble;

/**
 * The controller model of Harwood et al. 2017 (eqs. 7-8): {@code kappa = alpha * e + beta}, fitted
 * by least squares to recent (training error, kappa) pairs, then solved for the target error.
 */
public final class KappaFit {

    private KappaFit() {
    }

    /**
     * The kappa the fitted line gives at {@code targetError}, clamped to {@code [min, max]}; empty when
     * the fit is degenerate (fewer than two pairs, or all errors equal), so the caller keeps kappa.
     */
    public static OptionalDouble kappaFor(double[] errors, double[] kappas, double targetError,
            double min, double max) {
        if (errors.length != kappas.length) {
            throw new IllegalArgumentException(errors.length + " errors but " + kappas.length + " kappas");
        }
        int n = errors.length;
        if (n < 2) {
            return OptionalDouble.empty();
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
            return OptionalDouble.empty();
        }
        double alpha = sek / see;
        double beta = meanK - alpha * meanE;
        double kappa = alpha * targetError + beta;
        return OptionalDouble.of(Math.max(min, Math.min(max, kappa)));
    }
}
