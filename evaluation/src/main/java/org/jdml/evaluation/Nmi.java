package org.jdml.evaluation;

import java.util.HashMap;
import java.util.Map;

/**
 * Normalised mutual information of two labelings with arithmetic normalisation,
 * {@code I(Ω; C) / ((H(Ω) + H(C)) / 2)}, from their contingency table (natural logarithms; the base
 * cancels).
 */
final class Nmi {

    private Nmi() {
    }

    /** NMI of two labelings of the same items; 1 when both put every item in one group. */
    static double of(int[] clusters, int[] classes) {
        if (clusters.length != classes.length) {
            throw new IllegalArgumentException(clusters.length + " clusters for " + classes.length + " classes");
        }
        int[] a = dense(clusters);
        int[] b = dense(classes);
        int rows = max(a) + 1;
        int columns = max(b) + 1;
        long[][] table = new long[rows][columns];
        for (int i = 0; i < a.length; i++) {
            table[a[i]][b[i]]++;
        }
        return ofContingency(table);
    }

    /** NMI from a contingency table {@code n[cluster][class]}. */
    static double ofContingency(long[][] table) {
        int rows = table.length;
        int columns = rows == 0 ? 0 : table[0].length;
        double[] rowSums = new double[rows];
        double[] columnSums = new double[columns];
        double n = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                rowSums[i] += table[i][j];
                columnSums[j] += table[i][j];
                n += table[i][j];
            }
        }
        double hRows = entropy(rowSums, n);
        double hColumns = entropy(columnSums, n);
        if (hRows == 0 && hColumns == 0) {
            return 1.0;   // one group each: identical labelings (scikit-learn's convention)
        }
        double mutual = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                if (table[i][j] > 0) {
                    double nij = table[i][j];
                    mutual += nij / n * Math.log(n * nij / (rowSums[i] * columnSums[j]));
                }
            }
        }
        double nmi = mutual / ((hRows + hColumns) / 2);
        return Math.max(0, Math.min(1, nmi));
    }

    private static double entropy(double[] counts, double n) {
        double h = 0;
        for (double c : counts) {
            if (c > 0) {
                h -= c / n * Math.log(c / n);
            }
        }
        return h;
    }

    /** Labels renumbered 0, 1, ... in order of first appearance. */
    static int[] dense(int[] labels) {
        Map<Integer, Integer> ids = new HashMap<>();
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = ids.computeIfAbsent(labels[i], x -> ids.size());
        }
        return out;
    }

    static int distinct(int[] labels) {
        return (int) java.util.Arrays.stream(labels).distinct().count();
    }

    private static int max(int[] values) {
        int m = -1;
        for (int v : values) {
            m = Math.max(m, v);
        }
        return m;
    }
}
