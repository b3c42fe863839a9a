package org.jdml.spark;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.api.data.DataSplit;
import org.jdml.runner.checkpoint.CheckpointException;
import org.jdml.runner.command.ConfigOptions;
import org.jdml.runner.command.ExitCodes;
import org.jdml.runner.command.RunCommands;
import org.jdml.runner.command.SplitName;
import org.jdml.runner.engine.EngineSetup;
import org.jdml.runner.train.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jdml spark embed RUN --dataset NAME [--split eval] --out DIR.parquet}: {@code jdml embed} on
 * Spark, written as Parquet (id, label, source, vector) with a {@code _jdml-embed.json} beside the
 * part files saying which run, checkpoint and split, and what the dataset skipped as unreadable.
 */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = "Embeds a dataset split with a run's newest checkpoint on Spark and writes Parquet "
                + "(id, label, source, vector). The dataset's settings come from the run's config.conf, "
                + "overlaid with -c/--set.")
public final class SparkEmbedCommand implements Callable<Integer> {

    /** The summary written beside the part files (Parquet readers skip files that start with '_'). */
    static final String SUMMARY = "_jdml-embed.json";

    @Mixin
    ConfigOptions options;

    @Mixin
    SparkOptions sparkOptions;

    @Parameters(index = "0", paramLabel = "RUN", description = "The run folder: its name in jdml.run.dir, or a path.")
    String run;

    @Option(names = "--dataset", paramLabel = "NAME", required = true, description = "The dataset to embed.")
    String dataset;

    @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "eval",
            description = "train, eval or gallery (default: ${DEFAULT-VALUE}).")
    SplitName split;

    @Option(names = "--out", paramLabel = "DIR.parquet", required = true,
            description = "The Parquet folder to write (a path every executor can reach on a cluster).")
    String out;

    @Option(names = "--overwrite", description = "Replace --out if it exists.")
    boolean overwrite;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        RunCommands.Located located = RunCommands.locate(run, options, ConfigFactory.empty()
                .withValue("jdml.dataset.name", ConfigValueFactory.fromAnyRef(dataset, "--dataset")));
        SparkSettings settings = sparkOptions.settings(located.environment().config());
        if (!overwrite && Files.exists(Path.of(out))) {
            throw new JdmlConfigurationException("--out " + out + " exists: remove it, name another folder, or pass"
                    + " --overwrite");
        }
        EngineSetup.start(located.environment().config());
        RunLocation location = RunLocation.of(located, options, dataset);
        Facts facts;
        try {
            facts = Facts.of(location, split);
        } catch (CheckpointException e) {
            spec.commandLine().getErr().println("Cannot embed: " + e.getMessage());
            return ExitCodes.CONFIGURATION_ERROR;
        }
        SparkSession spark = Sessions.start(settings.master());
        try {
            JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
            int partitions = settings.partitions() > 0 ? settings.partitions() : 2 * Sessions.parallelism(spark);
            JavaRDD<EmbeddedPart> parts = DistributedEmbedding.embed(context, location, split, facts.items(), partitions,
                    facts.batchSize());
            EmbeddingTable.write(EmbeddingTable.of(spark, parts), out, overwrite);
            List<String> skipped = DistributedEmbedding.skipped(parts.map(EmbeddedPart::skipped).collect());
            writeSummary(facts, skipped, partitions);
            PrintWriter console = spec.commandLine().getOut();
            console.println("Wrote " + out + " (" + facts.items() + " x " + facts.dim() + ", Parquet: id, label, source,"
                    + " vector) with " + facts.checkpoint() + " of " + location.run() + ", " + partitions
                    + " partitions on " + spark.sparkContext().master());
            if (!skipped.isEmpty()) {
                console.println("The dataset skipped " + skipped.size() + " unreadable item(s) (skip-unreadable = true;"
                        + " each was replaced as docs/datasets.md says), listed in " + SUMMARY + ":");
                skipped.stream().limit(20).forEach(s -> console.println("  " + s));
            }
            console.flush();
            return 0;
        } catch (Exception e) {
            throw Sessions.unwrap(e);
        } finally {
            spark.stop();
        }
    }

    private void writeSummary(Facts facts, List<String> skipped, int partitions) {
        JsonObject summary = new JsonObject();
        summary.addProperty("run", facts.run());
        summary.addProperty("checkpoint", facts.checkpoint());
        summary.addProperty("iteration", facts.iteration());
        summary.addProperty("dataset", dataset);
        summary.addProperty("split", split.name());
        summary.addProperty("items", facts.items());
        summary.addProperty("dim", facts.dim());
        summary.addProperty("partitions", partitions);
        summary.addProperty("skipped-unreadable", skipped.size());
        JsonArray list = new JsonArray();
        skipped.forEach(list::add);
        summary.add("skipped", list);
        try {
            Files.writeString(Path.of(out, SUMMARY), new GsonBuilder().setPrettyPrinting().create().toJson(summary) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + Path.of(out, SUMMARY), e);
        }
    }

    /**
     * What the driver learns from restoring the run once: checked before Spark starts.
     *
     * @param galleryItems the size of the dataset's separate gallery, 0 when it has none
     */
    record Facts(String run, String checkpoint, long iteration, int items, int dim, int iterationsPerEpoch,
            int galleryItems, int batchSize) {

        static Facts of(RunLocation location, SplitName split) {
            try (TrainedModel model = location.load()) {
                return new Facts(location.run(), model.checkpoint().getFileName().toString(), model.iteration(),
                        split.of(model.dataset(), location.dataset()).size(), model.settings().model().embeddingSize(),
                        model.settings().loop().iterationsPerEpoch(model.dataset().training().size()),
                        model.dataset().gallery().map(DataSplit::size).orElse(0), model.embedder().batchSize());
            }
        }
    }
}
