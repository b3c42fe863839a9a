package org.jdml.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The k-NN metrics by their definitions in plain double loops: full ranking of the gallery per query
 * (similarity descending, ties by ascending index), queries with R = 0 skipped.
 */
final class BruteForce {

    final double[] recall;
    final double mapAtR;
    final double rPrecision;
    final int queries;

    BruteForce(float[][] q, int[] qLabels, float[][] g, int[] gLabels, int[] ks, boolean cosine, boolean sameSet) {
        double[] hits = new double[ks.length];
        double ap = 0;
        double rp = 0;
        int counted = 0;
        for (int i = 0; i < q.length; i++) {
            final int query = i;
            List<Integer> order = new ArrayList<>();
            int r = 0;
            for (int j = 0; j < g.length; j++) {
                if (sameSet && j == i) {
                    continue;
                }
                order.add(j);
                if (gLabels[j] == qLabels[i]) {
                    r++;
                }
            }
            if (r == 0) {
                continue;
            }
            counted++;
            double[] sim = new double[g.length];
            for (int j = 0; j < g.length; j++) {
                sim[j] = cosine ? dot(q[query], g[j]) : -squaredDistance(q[query], g[j]);
            }
            order.sort(Comparator.<Integer>comparingDouble(j -> -sim[j]).thenComparingInt(j -> j));
            for (int k = 0; k < ks.length; k++) {
                for (int p = 0; p < Math.min(ks[k], order.size()); p++) {
                    if (gLabels[order.get(p)] == qLabels[i]) {
                        hits[k]++;
                        break;
                    }
                }
            }
            int correctSoFar = 0;
            double sumPrecision = 0;
            for (int p = 0; p < r; p++) {
                if (gLabels[order.get(p)] == qLabels[i]) {
                    correctSoFar++;
                    sumPrecision += (double) correctSoFar / (p + 1);
                }
            }
            ap += sumPrecision / r;
            rp += (double) correctSoFar / r;
        }
        recall = new double[ks.length];
        for (int k = 0; k < ks.length; k++) {
            recall[k] = hits[k] / counted;
        }
        mapAtR = ap / counted;
        rPrecision = rp / counted;
        queries = counted;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            s += (double) a[d] * b[d];
        }
        return s;
    }

    private static double squaredDistance(float[] a, float[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            double diff = (double) a[d] - b[d];
            s += diff * diff;
        }
        return s;
    }
}
