package org.jdml.loss.softtriple;

import org.jdml.api.ComponentContext;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.loss.LossFactory;
import org.jdml.api.loss.MetricLoss;

/**
 * Builds {@link SoftTripleLoss}, named {@value #NAME}. Settings ({@code reference.conf} documents each):
 *
 * <pre>
 * jdml.loss.softtriple {
 *   lambda = 20                     # logit scale
 *   gamma = 0.1                     # temperature over a class's centres
 *   margin = 0.01                   # delta
 *   tau = 0.2                       # centre regulariser weight
 *   centers-per-class = 10          # K
 *   learning-rate-multiplier = 100  # centres' lr / backbone's lr
 *   merge-distance = 0.05           # centres closer than this count as one in the epoch state
 * }
 * </pre>
 *
 * Needs the context's {@code trainingClasses()} and {@code embeddingSize()}, which fix the centres'
 * shape.
 */
public final class SoftTripleLossFactory implements LossFactory {

    public static final String NAME = "softtriple";

    public SoftTripleLossFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "SoftTriple (Qian et al. 2019): softmax over K learned centres per class, with a centre regulariser";
    }

    @Override
    public MetricLoss create(ComponentSettings settings, ComponentContext context) {
        double lambda = settings.getDouble("lambda");
        double gamma = settings.getDouble("gamma");
        double margin = settings.getDouble("margin");
        double tau = settings.getDouble("tau");
        int perClass = settings.getInt("centers-per-class");
        double multiplier = settings.getDouble("learning-rate-multiplier");
        double mergeDistance = settings.getDouble("merge-distance");

        settings.check(lambda > 0 && Double.isFinite(lambda), "lambda", "must be a finite number > 0");
        settings.check(gamma > 0 && Double.isFinite(gamma), "gamma", "must be a finite number > 0");
        settings.check(margin >= 0 && Double.isFinite(margin), "margin", "must be a finite number >= 0");
        settings.check(tau >= 0 && Double.isFinite(tau), "tau", "must be a finite number >= 0 (0 turns it off)");
        if (!settings.check(perClass >= 1, "centers-per-class", "must be >= 1")) {
            perClass = 1;
        }
        settings.check(multiplier > 0 && Double.isFinite(multiplier), "learning-rate-multiplier",
                "must be a finite number > 0");
        settings.check(mergeDistance >= 0 && mergeDistance <= 2, "merge-distance",
                "must be a distance between unit vectors, in [0, 2]");

        int classes = context.trainingClasses();
        int dimension = context.embeddingSize();
        if (classes < 2 || dimension < 1) {
            settings.problem("needs at least 2 training classes and a non-empty embedding, the run has " + classes
                    + " training classes and embedding size " + dimension);
            classes = Math.max(classes, 2);
            dimension = Math.max(dimension, 1);
        }
        return new SoftTripleLoss(context.manager(), classes, perClass, dimension, lambda, gamma, margin, tau,
                (float) multiplier, mergeDistance);
    }
}
