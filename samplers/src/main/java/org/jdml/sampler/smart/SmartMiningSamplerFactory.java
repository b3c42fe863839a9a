package org.jdml.sampler.smart;

import org.jdml.api.ComponentContext;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.data.BatchSampler;
import org.jdml.api.data.SamplerFactory;

/**
 * {@value #NAME}: explicit triplets mined with Algorithm 1 of Harwood et al. 2017 from the neighbour
 * lists of the whole training set (see {@link SmartMiningSampler}).
 *
 * <pre>
 * jdml.sampler.smart-mining {
 *   warmup-epochs = 2, mined-share = 1.0, kappa { initial = 2.0, min = 1.0, max = 8.0 }
 *   neighbours = 64, epoch-batches = 0, embeddings = reuse-training, embed-chunk = 1000
 *   index = auto, exact-below = 50000, exact-chunk = 256, hnsw { m = 16, ef-construction = 100, ef = 80 }
 * }
 * </pre>
 */
public final class SmartMiningSamplerFactory implements SamplerFactory {

    public static final String NAME = "smart-mining";

    public SmartMiningSamplerFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "explicit triplets mined from the neighbour lists of the whole training set with the kappa "
                + "exclusion rule of Harwood et al. 2017 (Algorithm 1)";
    }

    @Override
    public BatchSampler create(ComponentSettings s, ComponentContext context) {
        int batchSize = context.batchSize();
        int[] labels = context.trainingData().labels();
        String dataProblem = SmartMiningSampler.dataProblem(labels);
        if (dataProblem != null) {
            s.problem(dataProblem);
            s.throwIfInvalid();
        }
        if (batchSize < 3 || batchSize % 3 != 0) {
            s.problem("jdml.train.batch-size " + batchSize + " cannot be cut into (anchor, positive, negative)"
                    + " triplets: smart mining needs a multiple of 3, e.g. " + Math.max(3, batchSize / 3 * 3));
            s.throwIfInvalid();
        }

        int epochBatches = s.getInt("epoch-batches");
        if (!s.check(epochBatches >= 0, "epoch-batches", "must be >= 0 (0 = the run's epoch)")) {
            epochBatches = 0;
        }
        if (epochBatches == 0) {
            epochBatches = context.iterationsPerEpoch();
        }
        int warmup = s.getInt("warmup-epochs");
        if (!s.check(warmup >= 0, "warmup-epochs", "must be >= 0")) {
            warmup = 0;
        }
        double minedShare = s.getDouble("mined-share");
        if (!s.check(minedShare >= 0 && minedShare <= 1, "mined-share", "must be in [0, 1]")) {
            minedShare = 1;
        }
        SmartMiningSettings.Range kappa = kappa(s);
        int neighbours = positive(s, "neighbours", 2);
        SmartMiningSettings.RefreshEmbeddings embeddings = s.getEnum(SmartMiningSettings.RefreshEmbeddings.class,
                "embeddings");
        int embedChunk = positive(s, "embed-chunk", 1);
        IndexKind index = s.getEnum(IndexKind.class, "index");
        int exactBelow = s.getInt("exact-below");
        if (!s.check(exactBelow >= 0, "exact-below", "must be >= 0")) {
            exactBelow = 0;
        }
        int exactChunk = positive(s, "exact-chunk", 1);
        int hnswM = s.getInt("hnsw.m");
        if (!s.check(hnswM >= 2, "hnsw.m", "must be >= 2")) {
            hnswM = 2;
        }
        int efConstruction = positive(s, "hnsw.ef-construction", 1);
        int ef = positive(s, "hnsw.ef", 1);
        s.throwIfInvalid();

        SmartMiningSettings settings = new SmartMiningSettings(batchSize, epochBatches, warmup, minedShare, kappa,
                neighbours, embeddings, embedChunk, index, exactBelow, exactChunk, hnswM, efConstruction, ef);
        return new SmartMiningSampler(labels, settings, context.embedder(), context.manager(), context.random());
    }

    private static int positive(ComponentSettings s, String key, int safe) {
        int value = s.getInt(key);
        return s.check(value > 0, key, "must be > 0") ? value : safe;
    }

    /** {@code kappa.initial}, {@code .min}, {@code .max}: {@code 1 <= min <= initial <= max}. */
    private static SmartMiningSettings.Range kappa(ComponentSettings s) {
        double initial = s.getDouble("kappa.initial");
        double min = s.getDouble("kappa.min");
        double max = s.getDouble("kappa.max");
        // below 1 the bound lies inside the nearest positive, where Algorithm 1 has skipped every
        // negative already: values under 1 all act as 1
        boolean valid = s.check(min >= 1, "kappa.min", "must be >= 1 (kappa scales the squared distance to the"
                + " nearest positive; below 1 every value acts as 1)");
        valid = valid && s.check(max >= min, "kappa.max", "must be >= kappa.min " + min);
        valid = valid && s.check(initial >= min && initial <= max, "kappa.initial",
                "must lie in [" + min + ", " + max + "] (kappa.min, kappa.max)");
        return valid ? new SmartMiningSettings.Range(initial, min, max) : new SmartMiningSettings.Range(1, 1, 1);
    }
}
