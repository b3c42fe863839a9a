package org.jdml.dataset;

import java.util.Random;
import org.jdml.api.ComponentContext;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.data.DatasetFactory;
import org.jdml.api.data.MetricDataset;
import org.jdml.dataset.internal.VectorArraySplit;
import org.jdml.dataset.internal.ZeroShotDataset;

/**
 * {@value #NAME}: Gaussian classes made of several clusters each, generated in memory from a seed.
 * Classes {@code 0..T-1} train and {@code T..T+E-1} evaluate; each item is a vector of {@code dim}
 * floats. Each class has {@code clusters-per-class} centres drawn around the origin with standard
 * deviation {@code centre-spread}; its items go to the clusters in turn and lie around their centre
 * with standard deviation {@code cluster-spread}. Classes are thus multi-modal, which separates
 * losses that pull a class to one point from those that allow several.
 *
 * <pre>
 * jdml.dataset.synthetic { train-classes = 8, eval-classes = 8, items-per-class = 40,
 *                          clusters-per-class = 3, dim = 16, cluster-spread = 0.2, centre-spread = 1.0, seed = 0 }
 * </pre>
 */
public final class SyntheticFactory implements DatasetFactory {

    public static final String NAME = "synthetic";

    public SyntheticFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Gaussian classes of several clusters each, generated from a seed (tests, quick experiments)";
    }

    @Override
    public MetricDataset create(ComponentSettings settings, ComponentContext context) {
        int train = positive(settings, "train-classes");
        int eval = positive(settings, "eval-classes");
        int items = positive(settings, "items-per-class");
        int clusters = positive(settings, "clusters-per-class");
        int dim = positive(settings, "dim");
        double clusterSpread = settings.getDouble("cluster-spread");
        if (!settings.check(clusterSpread >= 0, "cluster-spread", "must be >= 0")) {
            clusterSpread = 0;
        }
        double centreSpread = settings.getDouble("centre-spread");
        if (!settings.check(centreSpread > 0, "centre-spread", "must be > 0")) {
            centreSpread = 1;
        }
        long seed = settings.getLong("seed");
        settings.check((long) (train + eval) * items * dim <= Integer.MAX_VALUE, "items-per-class",
                "makes more than 2^31 values with " + (train + eval) + " classes of dimension " + dim);
        Random random = new Random(seed);
        return new ZeroShotDataset(
                generate(0, train, items, clusters, dim, clusterSpread, centreSpread, random),
                generate(train, eval, items, clusters, dim, clusterSpread, centreSpread, random));
    }

    private static int positive(ComponentSettings settings, String key) {
        int value = settings.getInt(key);
        return settings.check(value > 0, key, "must be > 0") ? value : 1;
    }

    /** Classes {@code first..first+count-1}, class after class; item i of a class is in cluster i % clusters. */
    private static VectorArraySplit generate(int first, int count, int items, int clusters, int dim,
            double clusterSpread, double centreSpread, Random random) {
        float[] values = new float[Math.multiplyExact(count * items, dim)];
        int[] labels = new int[count * items];
        double[] centres = new double[clusters * dim];
        for (int c = 0; c < count; c++) {
            for (int k = 0; k < centres.length; k++) {
                centres[k] = centreSpread * random.nextGaussian();
            }
            for (int i = 0; i < items; i++) {
                int item = c * items + i;
                labels[item] = first + c;
                int centre = (i % clusters) * dim;
                for (int d = 0; d < dim; d++) {
                    values[item * dim + d] = (float) (centres[centre + d] + clusterSpread * random.nextGaussian());
                }
            }
        }
        return new VectorArraySplit(values, labels, dim);
    }
}
