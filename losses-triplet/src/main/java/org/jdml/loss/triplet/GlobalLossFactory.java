package org.jdml.loss.triplet;

import org.jdml.api.ComponentContext;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.loss.LossFactory;
import org.jdml.api.loss.MetricLoss;

/**
 * Builds the {@value #NAME} loss, a {@link GlobalLoss} (Kumar B G et al. 2016). Settings under
 * {@code jdml.loss.global}:
 *
 * <pre>
 * jdml.loss.global {
 *   lambda = 1.0                  # ≥ 0, weight of the hinge on the gap between the means
 *   margin = 0.4                  # t, the gap wanted between μ⁻ and μ⁺
 *   distance = squared-euclidean  # squared-euclidean | euclidean | cosine
 *   normalize = true              # L2-normalise the embeddings first
 * }
 * </pre>
 */
public final class GlobalLossFactory implements LossFactory {

    public static final String NAME = "global";

    public GlobalLossFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Global loss (Kumar et al. 2016): variances of positive and negative pair distances"
                + " plus a hinge on the gap between their means";
    }

    @Override
    public MetricLoss create(ComponentSettings s, ComponentContext context) {
        double lambda = s.getDouble("lambda");
        if (!s.check(Double.isFinite(lambda) && lambda >= 0, "lambda", "must be a finite number >= 0")) {
            lambda = 0;
        }
        double margin = s.getDouble("margin");
        if (!s.check(Double.isFinite(margin) && margin >= 0, "margin", "must be a finite number >= 0")) {
            margin = 0;
        }
        double scale = s.getDouble("scale");
        if (!s.check(Double.isFinite(scale) && scale > 0, "scale", "must be a finite number > 0")) {
            scale = 1;
        }
        return new GlobalLoss(lambda, margin, s.getEnum(Distance.class, "distance"), s.getBoolean("normalize"),
                scale);
    }
}
