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
 *   assignment = static            # static | nearest-overall | nearest-in-class (dynamic: deprecated alias)
 *   proxies = 0                    # 0: one per training class
 *   exclude-positive = false       # true: the paper's denominator (negatives only)
 *   scale = 3.0                    # softmax scale s
 *   label-smoothing = 0            # the reference implementation's smoothing of the proxy target
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
        ProxyAssignment assignment = assignment(settings);
        int proxies = settings.getInt("proxies");
        boolean excludePositive = settings.getBoolean("exclude-positive");
        double scale = settings.getDouble("scale");
        double smoothing = settings.getDouble("label-smoothing");
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
            boolean fits = switch (assignment) {
                case STATIC -> settings.check(count == classes, "proxies",
                        "static assignment uses exactly one proxy per training class: must be 0 or " + classes);
                case NEAREST_IN_CLASS -> settings.check(count >= classes, "proxies",
                        "nearest-in-class assignment deals the proxies to the " + classes
                                + " training classes round-robin: must be 0 or >= " + classes);
                case NEAREST_OVERALL -> settings.check(count >= 2 || !(excludePositive || smoothing > 0), "proxies",
                        "nearest-overall assignment with exclude-positive or label-smoothing needs a proxy besides"
                                + " the positive one: must be 0 or >= 2");
            };
            if (!fits) {
                count = classes;
            }
        } else {
            count = classes;
        }
        if (excludePositive && classes < 2 && assignment != ProxyAssignment.NEAREST_OVERALL) {
            settings.problem("exclude-positive", "true needs at least 2 training classes (the denominator holds"
                    + " only other classes' proxies), the run has " + classes);
        }
        settings.check(scale > 0 && Double.isFinite(scale), "scale", "must be a finite number > 0");
        if (settings.check(smoothing >= 0 && smoothing < 1, "label-smoothing", "must be in [0, 1)")
                && smoothing > 0 && classes < 2 && assignment != ProxyAssignment.NEAREST_OVERALL) {
            settings.problem("label-smoothing", "> 0 needs at least 2 training classes (it spreads part of the"
                    + " target over other classes' proxies), the run has " + classes);
        }
        settings.check(multiplier > 0 && Double.isFinite(multiplier), "learning-rate-multiplier",
                "must be a finite number > 0");

        return new ProxyNcaLoss(context.manager(), assignment, classes, dimension, count, excludePositive,
                scale, smoothing, (float) multiplier);
    }

    /** The assignment, accepting the old word {@code dynamic} for nearest-in-class with a warning. */
    private static ProxyAssignment assignment(ComponentSettings settings) {
        if (DEPRECATED_DYNAMIC.equals(settings.getString("assignment"))) {
            System.getLogger(ProxyNcaLossFactory.class.getName()).log(System.Logger.Level.WARNING,
                    settings.path() + ".assignment = dynamic is deprecated: it means nearest-in-class (the nearest"
                            + " of the sample's own class's proxies). The paper's dynamic assignment, the nearest"
                            + " proxy overall, is nearest-overall.");
            return ProxyAssignment.NEAREST_IN_CLASS;
        }
        return settings.getEnum(ProxyAssignment.class, "assignment");
    }

    /** The value {@code assignment} had for {@link ProxyAssignment#NEAREST_IN_CLASS} before it got that name. */
    static final String DEPRECATED_DYNAMIC = "dynamic";
}
