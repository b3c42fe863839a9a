package org.jdml.evaluation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metrics of one evaluation, in a fixed order: {@code recall@K} for each configured K (ascending),
 * then {@code nmi}, {@code map@r} and {@code r-precision}. Values are fractions in [0, 1].
 *
 * @param metrics metric name to value, unmodifiable, in report order
 * @param seconds wall-clock time the evaluation took
 */
public record EvaluationResult(Map<String, Double> metrics, double seconds) {

    /** Key of the normalised mutual information of k-means clusters and classes. */
    public static final String NMI = "nmi";
    /** Key of the mean average precision at R. */
    public static final String MAP_AT_R = "map@r";
    /** Key of the R-precision. */
    public static final String R_PRECISION = "r-precision";

    public EvaluationResult {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** The key of Recall@K: {@code recall@4}. */
    public static String recallKey(int k) {
        return "recall@" + k;
    }

    /** One metric; throws when this result does not have it. */
    public double get(String key) {
        Double value = metrics.get(key);
        if (value == null) {
            throw new IllegalArgumentException("No metric '" + key + "'; have " + metrics.keySet());
        }
        return value;
    }

    /** "recall@1 0.9329, recall@2 0.9610, ..., nmi 0.6120 (4.2 s)". */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        metrics.forEach((k, v) -> text.append(text.length() == 0 ? "" : ", ").append(k).append(' ')
                .append(String.format(java.util.Locale.ROOT, "%.4f", v)));
        return text.append(String.format(java.util.Locale.ROOT, " (%.1f s)", seconds)).toString();
    }
}
