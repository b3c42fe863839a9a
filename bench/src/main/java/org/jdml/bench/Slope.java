package org.jdml.bench;

/** Growth exponents of measured costs. */
final class Slope {

    private Slope() {
    }

    /**
     * The least-squares slope of {@code log y} against {@code log x}: the exponent p of a cost that
     * grows like {@code x^p}. NaN with fewer than two points or when every x is the same.
     */
    static double logLog(int[] x, double[] y) {
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < n; i++) {
            meanX += Math.log(x[i]);
            meanY += Math.log(y[i]);
        }
        meanX /= n;
        meanY /= n;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            double dx = Math.log(x[i]) - meanX;
            sxy += dx * (Math.log(y[i]) - meanY);
            sxx += dx * dx;
        }
        return sxx == 0 ? Double.NaN : sxy / sxx;
    }
}
