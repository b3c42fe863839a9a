package org.example.jdml;

import org.jdml.api.ComponentContext;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.loss.LossFactory;
import org.jdml.api.loss.MetricLoss;

/**
 * {@value #NAME}: the contrastive loss of Hadsell, Chopra and LeCun (2006), as a third-party plugin.
 *
 * <pre>
 * jdml.loss.name = example-contrastive
 * jdml.loss.example-contrastive { positive-margin = 0.0, negative-margin = 0.5 }
 * </pre>
 */
public final class ContrastiveLossFactory implements LossFactory {

    /** Prefixed with its organisation, as plugin names should be, so it never clashes with a built-in. */
    public static final String NAME = "example-contrastive";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Contrastive loss: pulls positive pairs within one margin, pushes negatives beyond another";
    }

    @Override
    public MetricLoss create(ComponentSettings settings, ComponentContext context) {
        double positiveMargin = settings.getDouble("positive-margin");
        double negativeMargin = settings.getDouble("negative-margin");
        settings.check(positiveMargin >= 0, "positive-margin", "must be >= 0");
        settings.check(negativeMargin > positiveMargin, "negative-margin", "must exceed positive-margin");
        return new ContrastiveLoss((float) positiveMargin, (float) negativeMargin, settings.getBoolean("normalize"));
    }
}
