package org.jdml.spark;

import com.typesafe.config.Config;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.config.References;

/**
 * The {@code jdml.spark} settings, checked: unknown keys and bad values are configuration errors
 * naming the key. Defaults live in this module's {@code reference.conf}.
 *
 * @param partitions embedding partitions, 0 for twice Spark's default parallelism
 */
record SparkSettings(String master, int partitions, int queryBlock, int galleryParts, int nmiSample,
        long nmiSampleSeed) {

    static final String PATH = "jdml.spark";

    static SparkSettings of(Config config) {
        ComponentSettings s = ComponentSettings.resolve(PATH, "jdml spark", config,
                References.of(SparkSettings.class.getClassLoader()));
        String master = s.getString("master");
        s.check(!master.isBlank(), "master", "must name a Spark master, e.g. local[*,4] or spark://host:7077");
        int partitions = s.getInt("partitions");
        s.check(partitions >= 0, "partitions", "must be >= 0 (0: twice Spark's default parallelism)");
        int queryBlock = s.getInt("query-block");
        s.check(queryBlock >= 1, "query-block", "must be >= 1");
        int galleryParts = s.getInt("gallery-parts");
        s.check(galleryParts >= 1, "gallery-parts", "must be >= 1");
        int nmiSample = s.getInt("nmi-sample");
        s.check(nmiSample >= 2, "nmi-sample", "must be >= 2");
        long seed = s.getLong("nmi-sample-seed");
        s.throwIfInvalid();
        return new SparkSettings(master, partitions, queryBlock, galleryParts, nmiSample, seed);
    }
}
