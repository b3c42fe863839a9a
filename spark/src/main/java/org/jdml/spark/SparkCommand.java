package org.jdml.spark;

import org.jdml.runner.command.CommandExtension;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code jdml spark embed|eval|bench}: embedding and exact evaluation on Apache Spark. */
@Command(name = "spark", mixinStandardHelpOptions = true,
        description = "Embeds and evaluates on Apache Spark: an embedded local Spark by default (local[*,4]), a "
                + "cluster with --master URL, or under spark-submit with the jdml-spark submit jar (docs/spark.md).",
        subcommands = {SparkEmbedCommand.class, SparkEvalCommand.class, SparkBenchCommand.class})
public final class SparkCommand implements Runnable, CommandExtension {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
