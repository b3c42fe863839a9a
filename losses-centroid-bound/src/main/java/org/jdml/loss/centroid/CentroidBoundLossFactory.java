package org.jdml.loss.centroid;

import org.jdml.api.ComponentContext;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.loss.LossFactory;
import org.jdml.api.loss.MetricLoss;

/**
 * Builds {@link CentroidBoundLoss}, named {@value #NAME}. Settings ({@code reference.conf} documents
 * each):
 *
 * <pre>
 * jdml.loss.centroid-bound {
 *   centroids = one-hot   # one-hot (D >= C) | simplex (D >= C - 1)
 *   normalize = true      # L2-normalise the embeddings first
 *   scale-by-g = false    # multiply by G = 3(C-1)(N/C-1)(N/C)
 * }
 * </pre>
 *
 * Needs the context's {@code trainingClasses()} and {@code embeddingSize()}; with {@code scale-by-g}
 * it also checks {@code batchSize()} when the host knows it.
 */
public final class CentroidBoundLossFactory implements LossFactory {

    public static final String NAME = "centroid-bound";

    public CentroidBoundLossFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Centroid upper bound on the triplet loss (Do et al. 2019): linear-time, fixed class centroids";
    }

    @Override
    public MetricLoss create(ComponentSettings settings, ComponentContext context) {
        Centroids layout = settings.getEnum(Centroids.class, "centroids");
        boolean normalize = settings.getBoolean("normalize");
        boolean scaleByG = settings.getBoolean("scale-by-g");

        int classes = context.trainingClasses();
        int dimension = context.embeddingSize();
        if (classes < 2) {
            settings.problem("needs at least 2 training classes (centroids of other classes repel), the run has "
                    + classes);
            classes = 2;
        }
        int needed = layout.minimumDimension(classes);
        if (dimension < needed) {
            settings.problem("centroids", ComponentSettings.kebab(layout) + " centroids need an embedding of at least "
                    + needed + " dimensions (" + layout.requirement() + "), the embedding has " + dimension);
            dimension = needed; // only to finish building; the host reports the problem instead of using it
        }
        if (scaleByG) {
            Integer batch = knownBatchSize(context);
            if (batch != null && batch <= classes) {
                settings.problem("scale-by-g", "true needs batches of more than " + classes
                        + " samples (G = 3(C-1)(N/C-1)(N/C) must be positive), the batch size is " + batch);
            }
        }
        return new CentroidBoundLoss(context.manager(), layout, classes, dimension, normalize, scaleByG);
    }

    /** The batch size if the host has fixed it already; otherwise the loss checks each batch. */
    private static Integer knownBatchSize(ComponentContext context) {
        try {
            return context.batchSize();
        } catch (IllegalStateException notYetKnown) {
            return null;
        }
    }
}
