package org.jdml.spark;

import com.typesafe.config.Config;
import picocli.CommandLine.Option;

/** The options every {@code jdml spark} command shares; each wins over its {@code jdml.spark} key. */
final class SparkOptions {

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: local[*,4] (default, jdml.spark.master), local[N,F], spark://host:7077, yarn, "
                    + "k8s://... Ignored under spark-submit, which sets its own.")
    String master;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Partitions of the items to embed, each loading the model once (default: jdml.spark.partitions).")
    Integer partitions;

    /** The settings of {@code config}, with these options over them. */
    SparkSettings settings(Config config) {
        SparkSettings s = SparkSettings.of(config);
        return new SparkSettings(master != null ? master : s.master(), partitions != null ? partitions : s.partitions(),
                s.queryBlock(), s.galleryParts(), s.nmiSample(), s.nmiSampleSeed());
    }
}
