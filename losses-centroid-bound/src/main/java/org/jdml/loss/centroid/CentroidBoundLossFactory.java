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
 *   centroids = one-hot            # one-hot (W >= C) | simplex (W >= C - 1) | k-means
 *   projection-head = false        # a C-wide linear layer after the embedding; the bound applies to it (W = C)
 *   learning-rate-multiplier = 1   # the head's lr / backbone's lr
 *   k-means-iterations = 20        # Lloyd iterations after the class means
 *   normalize = true               # L2-normalise the bound's input first
 *   scale-by-g = false             # multiply by G = 3(C-1)(N/C-1)(N/C)
 *   g-from = batch                 # N: the batch size, or the training set's size (training-set)
 * }
 * </pre>
 *
 * Needs the context's {@code trainingClasses()} and {@code embeddingSize()}; k-means centroids and {@code
 * g-from = training-set} also need {@code trainingData()}, and k-means the {@code embedder()}; with {@code
 * scale-by-g} and {@code g-from = batch} it checks {@code batchSize()} when the host knows it.
 */
public final class CentroidBoundLossFactory implements LossFactory {

    public static final String NAME = "centroid-bound";

    /** Where N in G comes from (config key {@code g-from}). */
    enum GFrom { BATCH, TRAINING_SET }

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
        boolean head = settings.getBoolean("projection-head");
        double multiplier = settings.getDouble("learning-rate-multiplier");
        int iterations = settings.getInt("k-means-iterations");
        boolean normalize = settings.getBoolean("normalize");
        boolean scaleByG = settings.getBoolean("scale-by-g");
        GFrom gFrom = settings.getEnum(GFrom.class, "g-from");

        int classes = context.trainingClasses();
        int dimension = context.embeddingSize();
        if (classes < 2) {
            settings.problem("needs at least 2 training classes (centroids of other classes repel), the run has "
                    + classes);
            classes = 2;
        }
        int width = head ? classes : dimension;
        int needed = layout.minimumDimension(classes);
        if (width < needed) {
            settings.problem("centroids", ComponentSettings.kebab(layout) + " centroids need an embedding of at least "
                    + needed + " dimensions (" + layout.requirement() + "), the embedding has " + dimension
                    + "; projection-head = true puts a " + classes + "-wide layer after it");
            width = needed; // only to finish building; the host reports the problem instead of using it
            dimension = needed;
        }
        settings.check(multiplier > 0 && Double.isFinite(multiplier), "learning-rate-multiplier",
                "must be a finite number > 0");
        settings.check(iterations >= 0, "k-means-iterations", "must be >= 0 (0: the class means)");

        CentroidBoundLoss.GScale g = CentroidBoundLoss.GScale.NONE;
        if (scaleByG && gFrom == GFrom.BATCH) {
            Integer batch = knownBatchSize(context);
            if (batch != null && batch <= classes) {
                settings.problem("scale-by-g", "true needs batches of more than " + classes
                        + " samples (G = 3(C-1)(N/C-1)(N/C) must be positive), the batch size is " + batch);
            }
            g = new CentroidBoundLoss.GScale(true, true, Double.NaN);
        } else if (scaleByG) {
            int size = context.trainingData().size();
            if (size <= classes) {
                settings.problem("g-from", "training-set needs more than " + classes + " training items (G ="
                        + " 3(C-1)(N/C-1)(N/C) must be positive), the training set has " + size);
            } else {
                g = new CentroidBoundLoss.GScale(true, false, CentroidBoundLoss.g(size, classes));
            }
        }
        CentroidBoundLoss.TrainingEmbeddings source = layout.fixed() ? null
                : new CentroidBoundLoss.TrainingEmbeddings(context.trainingData(), context.embedder(), iterations);
        return new CentroidBoundLoss(context.manager(), layout, classes, dimension, head, normalize, g,
                (float) multiplier, source);
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
