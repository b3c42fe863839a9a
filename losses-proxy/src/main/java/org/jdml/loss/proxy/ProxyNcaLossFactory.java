package org.jdml.loss.proxy;

import org.jdml.api.ComponentContext;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.loss.LossFactory;
import org.jdml.api.loss.MetricLoss;

/**
 * Builds {@link ProxyNcaLoss}, named {@value #NAME}. Settings ({@code reference.conf} documents each):
 *
 * <pre>
 * jdml.loss.proxy-nca {
 *   assignment = static            # static | dynamic
 *   proxies = 0                    # 0: one per training class
 *   exclude-positive = false       # true: the paper's denominator (negatives only)
 *   scale = 1.0                    # softmax scale s
 *   learning-rate-multiplier = 10  # proxies' lr / backbone's lr
 * }
 * </pre>
 *
 * Needs the context's {@code trainingClasses()} and {@code embeddingSize()}, which fix the proxies'
 * shape.
 */
public final class ProxyNcaLossFactory implements LossFactory {

    public static final String NAME = "proxy-nca";

    public ProxyNcaLossFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Proxy-NCA (Movshovitz-Attias et al. 2017): NCA of each sample against learned class proxies";
    }

    @Override
    public MetricLoss create(ComponentSettings settings, ComponentContext context) {
        ProxyAssignment assignment = settings.getEnum(ProxyAssignment.class, "assignment");
        int proxies = settings.getInt("proxies");
        boolean excludePositive = settings.getBoolean("exclude-positive");
        double scale = settings.getDouble("scale");
        double multiplier = settings.getDouble("learning-rate-multiplier");

        int classes = context.trainingClasses();
        int dimension = context.embeddingSize();
        if (classes < 1 || dimension < 1) {
            settings.problem("needs at least one training class and a non-empty embedding, the run has "
                    + classes + " training classes and embedding size " + dimension);
            classes = Math.max(classes, 1);
            dimension = Math.max(dimension, 1);
        }
        int count = proxies == 0 ? classes : proxies;
        if (settings.check(proxies >= 0, "proxies", "must be >= 0 (0 means one per training class)")) {
            boolean fits = assignment == ProxyAssignment.STATIC
                    ? settings.check(count == classes, "proxies",
                            "static assignment uses exactly one proxy per training class: must be 0 or " + classes)
                    : settings.check(count >= classes, "proxies",
                            "dynamic assignment deals the proxies to the " + classes
                                    + " training classes round-robin: must be 0 or >= " + classes);
            if (!fits) {
                count = classes;
            }
        } else {
            count = classes;
        }
        if (excludePositive && classes < 2) {
            settings.problem("exclude-positive", "true needs at least 2 training classes (the denominator holds"
                    + " only other classes' proxies), the run has " + classes);
        }
        settings.check(scale > 0 && Double.isFinite(scale), "scale", "must be a finite number > 0");
        settings.check(multiplier > 0 && Double.isFinite(multiplier), "learning-rate-multiplier",
                "must be a finite number > 0");

        return new ProxyNcaLoss(context.manager(), assignment, classes, dimension, count, excludePositive,
                scale, (float) multiplier);
    }
}
