package org.jdml.spark;

import org.jdml.runner.Jdml;

/**
 * The entry point for {@code spark-submit}: {@code spark-submit --class org.jdml.spark.SparkJob
 * jdml-spark-VERSION-submit.jar eval RUN ...} runs {@code jdml spark eval RUN ...} on the master
 * spark-submit was given, with {@code jdml}'s error handling and exit codes.
 */
public final class SparkJob {

    private SparkJob() {}

    public static void main(String[] args) {
        String[] withCommand = new String[args.length + 1];
        withCommand[0] = "spark";
        System.arraycopy(args, 0, withCommand, 1, args.length);
        Jdml.main(withCommand);
    }
}
