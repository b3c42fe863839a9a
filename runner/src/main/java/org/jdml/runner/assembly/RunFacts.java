package org.jdml.runner.assembly;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.Optional;

/**
 * The run-level facts components ask their context for: the seed, the embedding size, the batch size
 * and the configured epoch length (0: the batches that cover the training items once). The training
 * settings check these keys and report their problems; the assembler only needs to know whether they
 * can be used, so each is checked, and reported, once.
 */
public record RunFacts(long seed, int embeddingSize, int batchSize, int configuredIterationsPerEpoch) {

    static final String SEED = "jdml.run.seed";
    static final String EMBEDDING_SIZE = "jdml.model.embedding-size";
    static final String BATCH_SIZE = "jdml.train.batch-size";
    static final String ITERATIONS_PER_EPOCH = "jdml.train.iterations-per-epoch";

    /**
     * The facts of {@code config}, or empty when one is not a whole number: then no component but the
     * dataset can be built, and the training settings say why. A number out of range is passed on (the
     * training settings report it), so that the components' own problems are found in the same pass.
     */
    public static Optional<RunFacts> readable(Config config) {
        try {
            return Optional.of(new RunFacts(config.getLong(SEED), whole(config, EMBEDDING_SIZE),
                    whole(config, BATCH_SIZE), whole(config, ITERATIONS_PER_EPOCH)));
        } catch (ConfigException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static int whole(Config config, String path) {
        Object value = config.getValue(path).unwrapped();
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new ArithmeticException(path + " is not a whole number");
        }
        return Math.toIntExact(n.longValue());
    }

    /** The one rule for an epoch's length: the configured count when > 0, else the batches covering the items. */
    public int iterationsPerEpoch(int trainingItems) {
        return ComponentAssembler.iterationsPerEpoch(configuredIterationsPerEpoch, batchSize, trainingItems);
    }
}
