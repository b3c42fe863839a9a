package org.jdml.spark;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.util.LinkedHashMap;
import java.util.Map;
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
        return settings(config, Map.of());
    }

    /**
     * The settings of {@code config} with these options and a command's own ({@code jdml.spark} key to
     * value, null for not given) over them, checked together: a bad value names its key and option.
     */
    SparkSettings settings(Config config, Map<String, Object> commandOptions) {
        Map<String, Object> given = new LinkedHashMap<>(commandOptions);
        given.put("master", master);
        given.put("partitions", partitions);
        Config overlaid = config;
        for (Map.Entry<String, Object> option : given.entrySet()) {
            if (option.getValue() != null) {
                overlaid = overlaid.withValue(SparkSettings.PATH + "." + option.getKey(),
                        ConfigValueFactory.fromAnyRef(option.getValue(), "--" + option.getKey()));
            }
        }
        return SparkSettings.of(overlaid);
    }
}
