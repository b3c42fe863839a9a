package org.jdml.loss.triplet;

import org.jdml.api.ComponentContext;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.loss.LossFactory;
import org.jdml.api.loss.MetricLoss;

/**
 * Builds the {@value #NAME} loss, a {@link TripletMarginLoss}. Settings under {@code jdml.loss.triplet}:
 *
 * <pre>
 * jdml.loss.triplet {
 *   margin = 0.2                  # ≥ 0, in units of the distance
 *   distance = euclidean          # euclidean | squared-euclidean | cosine
 *   normalize = true              # L2-normalise the embeddings first
 *   reducer = mean-over-positive  # mean-over-positive | mean | sum
 *   smooth = false                # softplus instead of the hinge
 *   form = difference             # difference | ratio (Harwood et al. 2017)
 * }
 * </pre>
 */
public final class TripletLossFactory implements LossFactory {

    public static final String NAME = "triplet";

    public TripletLossFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Triplet margin loss max(0, d(a,p) - d(a,n) + margin) over mined or all batch triplets";
    }

    @Override
    public MetricLoss create(ComponentSettings s, ComponentContext context) {
        double margin = s.getDouble("margin");
        if (!s.check(Double.isFinite(margin) && margin >= 0, "margin", "must be a finite number >= 0")) {
            margin = 0;
        }
        TripletForm form = s.getEnum(TripletForm.class, "form");
        boolean smooth = s.getBoolean("smooth");
        if (!s.check(!(smooth && form == TripletForm.RATIO), "smooth", "must be false with form = ratio")) {
            smooth = false;
        }
        return new TripletMarginLoss(margin, s.getEnum(Distance.class, "distance"), s.getBoolean("normalize"),
                s.getEnum(Reducer.class, "reducer"), smooth, form);
    }
}
