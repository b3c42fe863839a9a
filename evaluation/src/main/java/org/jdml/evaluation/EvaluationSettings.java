package org.jdml.evaluation;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.jdml.api.config.ComponentSettings;

/**
 * The {@code jdml.eval} settings, validated: unknown keys, wrong types and out-of-range values are
 * all reported at once as a {@link org.jdml.api.config.JdmlConfigurationException}. Defaults live in
 * the evaluation module's {@code jdml-evaluation.conf}.
 *
 * @param recallAt the K of each Recall@K, ascending, without duplicates
 * @param chunkSize queries per block of the similarity matrix
 */
public record EvaluationSettings(int[] recallAt, Similarity similarity, Ranking ranking, int chunkSize,
        int kmeansIterations, int kmeansRestarts, long kmeansSeed, boolean progress) implements java.io.Serializable {

    /** Where the settings live in a run's configuration. */
    public static final String PATH = "jdml.eval";

    /** How neighbours are ranked. */
    public enum Similarity {
        /** Cosine when every embedding has unit norm, else Euclidean. */
        AUTO,
        /** Dot product (cosine similarity of L2-normalised embeddings). */
        COSINE,
        /** Negative squared Euclidean distance. */
        EUCLIDEAN
    }

    /** Where each block of similarities is put in order. */
    public enum Ranking {
        /** Host on a CPU engine, engine on any other device. */
        AUTO,
        /** {@code topK} and sort on the engine's device. */
        ENGINE,
        /** Radix selection in Java threads over the block in CPU memory. */
        HOST
    }

    /** Reads and checks the {@code jdml.eval} subtree (the defaults fill in what it lacks). */
    public static EvaluationSettings of(Config evalSettings) {
        Config reference = org.jdml.api.config.References.of(EvaluationSettings.class.getClassLoader());
        ComponentSettings s = ComponentSettings.resolve(PATH, "evaluation", evalSettings.atPath(PATH), reference);
        s.throwIfInvalid();
        List<Integer> ks = s.getIntList("recall-at");
        int[] recallAt = ks.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
        s.check(!ks.isEmpty() && recallAt[0] >= 1, "recall-at", "must be a non-empty list of integers >= 1");
        Similarity similarity = s.getEnum(Similarity.class, "similarity");
        Ranking ranking = s.getEnum(Ranking.class, "ranking");
        int chunkSize = s.getInt("chunk-size");
        s.check(chunkSize >= 1, "chunk-size", "must be >= 1");
        int iterations = s.getInt("kmeans-iterations");
        s.check(iterations >= 1, "kmeans-iterations", "must be >= 1");
        int restarts = s.getInt("kmeans-restarts");
        s.check(restarts >= 1, "kmeans-restarts", "must be >= 1");
        long seed = s.getLong("kmeans-seed");
        boolean progress = s.getBoolean("progress");
        s.throwIfInvalid();
        return new EvaluationSettings(recallAt, similarity, ranking, chunkSize, iterations, restarts, seed, progress);
    }

    /** The defaults of {@code jdml-evaluation.conf}. */
    public static EvaluationSettings defaults() {
        return of(ConfigFactory.empty());
    }

    /** The largest K of Recall@K. */
    public int maxRecallK() {
        return recallAt[recallAt.length - 1];
    }
}
