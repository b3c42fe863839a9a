package org.jdml.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.api.data.DataException;

/** Starting Spark for a command, and turning a failed job back into the problem that failed it. */
final class Sessions {

    private Sessions() {}

    /**
     * A session on {@code master}, or on the master spark-submit set ({@code spark.master}), which then
     * wins. Spark's console progress bar shows the stages of long jobs.
     */
    static SparkSession start(String master) {
        SparkSession.Builder builder = SparkSession.builder().appName("jdml")
                .config("spark.ui.showConsoleProgress", "true");
        if (System.getProperty("spark.master") == null) {
            builder.master(master);
            // an embedded session needs no web UI (and should not take a port)
            builder.config("spark.ui.enabled", "false");
        }
        return builder.getOrCreate();
    }

    /** The number of tasks Spark runs at once by default: the cores of a local master. */
    static int parallelism(SparkSession spark) {
        return spark.sparkContext().defaultParallelism();
    }

    /**
     * A job fails with Spark's own exception around the task's; a data or configuration problem (an
     * unreadable image, a bad setting seen on an executor) comes back as itself, so that it prints as
     * the plain message {@code jdml} gives it.
     */
    static RuntimeException unwrap(Exception e) {
        List<Throwable> seen = new ArrayList<>();
        for (Throwable t = e; t != null && !seen.contains(t); t = t.getCause()) {
            seen.add(t);
            if (t instanceof DataException || t instanceof JdmlConfigurationException) {
                return (RuntimeException) t;
            }
        }
        // Spark's SparkException is a checked exception that Scala code throws undeclared
        return e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getMessage(), e);
    }
}
