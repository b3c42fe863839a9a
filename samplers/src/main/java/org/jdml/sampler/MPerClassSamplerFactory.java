package org.jdml.sampler;

import java.util.Random;
import org.jdml.api.ComponentContext;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.data.BatchSampler;
import org.jdml.api.data.DataSplit;
import org.jdml.api.data.SamplerFactory;

/**
 * {@value #NAME}: batches of {@code batchSize / m} classes with {@code m} items each (the batches of
 * FMNIST-ZS: 120 = 5 classes x 24).
 *
 * <pre>
 * jdml.sampler.m-per-class { m = 24 }
 * </pre>
 */
public final class MPerClassSamplerFactory implements SamplerFactory {

    public static final String NAME = "m-per-class";

    public MPerClassSamplerFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "batches of batch-size/m distinct classes with m items each, classes and items taking equal turns";
    }

    @Override
    public BatchSampler create(ComponentSettings settings, ComponentContext context) {
        int m = settings.getInt("m");
        int batchSize = context.batchSize();
        DataSplit data = context.trainingData();
        int[] labels = data.labels();
        int classes = (int) java.util.Arrays.stream(labels).distinct().count();
        if (classes == 0 || batchSize <= 0) {
            settings.problem("cannot make batches of " + batchSize + " items from " + labels.length
                    + " training items");
            settings.throwIfInvalid();
        }
        boolean valid = settings.check(m > 0, "m", "must be > 0");
        String batchOrigin = context.originOf("jdml.train.batch-size");
        valid = valid && settings.check(batchSize % m == 0, "m", "must divide the batch size, jdml.train.batch-size = "
                + batchSize + (batchOrigin.isEmpty() ? "" : " (" + batchOrigin + ")")
                + " (a batch is batch-size / m classes of m items)");
        if (valid && classes < batchSize / m) {
            settings.problem("m", MPerClassSampler.neededClassesMessage(batchSize, m, classes)
                    + " (lower the batch size or raise m)");
            valid = false;
        }
        Random random = context.random();
        if (!valid) {
            // keep building with a shape that works, so every other problem of the run is reported too
            int safeM = Math.max(1, batchSize / Math.max(1, classes));
            return new MPerClassSampler(labels, safeM, Math.min(classes, batchSize / safeM) * safeM, random);
        }
        return new MPerClassSampler(labels, m, batchSize, random);
    }
}
