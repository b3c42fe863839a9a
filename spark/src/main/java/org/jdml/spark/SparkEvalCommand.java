package org.jdml.spark;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.jdml.evaluation.EvaluationSettings;
import org.jdml.runner.checkpoint.CheckpointException;
import org.jdml.runner.command.ConfigOptions;
import org.jdml.runner.command.ExitCodes;
import org.jdml.runner.command.RunCommands;
import org.jdml.runner.command.SplitName;
import org.jdml.runner.engine.EngineSetup;
import org.jdml.runner.train.MetricsLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jdml spark eval RUN}: {@code jdml eval} on Spark. The evaluation split (and the gallery, if
 * the dataset has one) is embedded across tasks, then ranked exactly in query blocks; the metrics
 * are {@code jdml eval}'s, appended to the run's {@code metrics.jsonl} the same way (source
 * {@code jdml spark eval}), with how NMI was sampled and what was skipped.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Re-evaluates a run folder's newest checkpoint on Spark: the same metrics as jdml eval (Recall@K, "
                + "MAP@R and R-precision exactly; NMI on up to --nmi-sample items), printed and appended to its "
                + "metrics.jsonl.")
public final class SparkEvalCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Mixin
    SparkOptions sparkOptions;

    @Parameters(index = "0", paramLabel = "RUN", description = "The run folder: its name in jdml.run.dir, or a path.")
    String run;

    @Option(names = "--dataset", paramLabel = "NAME", description = "Evaluate on this dataset instead of the run's.")
    String dataset;

    @Option(names = "--query-block", paramLabel = "N", description = "Queries per task (default: jdml.spark.query-block).")
    Integer queryBlock;

    @Option(names = "--gallery-parts", paramLabel = "N",
            description = "Parts the gallery is cut into, merged exactly per query block (default: jdml.spark.gallery-parts).")
    Integer galleryParts;

    @Option(names = "--nmi-sample", paramLabel = "N",
            description = "NMI clusters at most N items (default: jdml.spark.nmi-sample).")
    Integer nmiSample;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        RunCommands.Located located = RunCommands.locate(run, options, dataset == null ? ConfigFactory.empty()
                : ConfigFactory.empty().withValue("jdml.dataset.name", ConfigValueFactory.fromAnyRef(dataset, "--dataset")));
        Map<String, Object> own = new LinkedHashMap<>();
        own.put("query-block", queryBlock);
        own.put("gallery-parts", galleryParts);
        own.put("nmi-sample", nmiSample);
        SparkSettings s = sparkOptions.settings(located.environment().config(), own);
        EvaluationSettings evaluation = EvaluationSettings.of(located.environment().config()
                .getConfig(EvaluationSettings.PATH));
        EngineSetup.start(located.environment().config());
        RunLocation location = RunLocation.of(located, options, dataset);
        SparkEmbedCommand.Facts facts;
        try {
            facts = SparkEmbedCommand.Facts.of(location, SplitName.eval);
        } catch (CheckpointException e) {
            spec.commandLine().getErr().println("Cannot evaluate: " + e.getMessage());
            return ExitCodes.CONFIGURATION_ERROR;
        }
        SparkSession spark = Sessions.start(s.master());
        try {
            JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
            int partitions = s.partitions() > 0 ? s.partitions() : 2 * Sessions.parallelism(spark);
            List<List<String>> skippedPerPart = new ArrayList<>();
            Vectors queries = embed(context, location, SplitName.eval, facts.items(), partitions, facts.batchSize(),
                    skippedPerPart);
            Vectors gallery = null;
            if (facts.galleryItems() > 0) {
                gallery = embed(context, location, SplitName.gallery, facts.galleryItems(), partitions, facts.batchSize(),
                        skippedPerPart);
            }
            List<String> skipped = DistributedEmbedding.skipped(skippedPerPart);
            DistributedEvaluation.Result result = new DistributedEvaluation(context, evaluation, s.queryBlock(),
                    s.galleryParts()).evaluate(queries, gallery, s.nmiSample(), s.nmiSampleSeed());
            record(located, facts, result, skipped, spark.sparkContext().master());
            print(located, facts, result, skipped, spark.sparkContext().master());
            return 0;
        } catch (Exception e) {
            throw Sessions.unwrap(e);
        } finally {
            spark.stop();
        }
    }

    private static Vectors embed(JavaSparkContext context, RunLocation location, SplitName split, int items,
            int partitions, int batchSize, List<List<String>> skipped) {
        JavaRDD<EmbeddedPart> parts = DistributedEmbedding.embed(context, location, split, items, partitions, batchSize);
        List<EmbeddedPart> collected = parts.collect();
        parts.unpersist();
        collected.forEach(p -> skipped.add(p.skipped()));
        return DistributedEmbedding.join(collected);
    }

    private static void record(RunCommands.Located located, SparkEmbedCommand.Facts facts,
            DistributedEvaluation.Result result, List<String> skipped, String master) {
        try (MetricsLog log = new MetricsLog(located.folder().metrics())) {
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put("source", "jdml spark eval");
            extra.put("checkpoint", facts.checkpoint());
            extra.put("master", master);
            extra.put("nmi-items", result.nmiItems() + " of " + result.items());
            extra.put("skipped-unreadable", Integer.toString(skipped.size()));
            log.evaluation((int) (facts.iteration() / facts.iterationsPerEpoch()), facts.iteration(), result.metrics(),
                    result.seconds(), extra);
        }
    }

    private void print(RunCommands.Located located, SparkEmbedCommand.Facts facts, DistributedEvaluation.Result result,
            List<String> skipped, String master) {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Run " + located.folder().dir() + ", " + facts.checkpoint() + " (iteration " + facts.iteration()
                + "):");
        result.metrics().forEach((k, v) -> out.printf(Locale.ROOT, "  %-12s %.4f%n", k, v));
        out.printf(Locale.ROOT, "On Spark (%s): %d tasks ranked %d queries in %.1f s; NMI from k-means on %s.%n", master,
                result.tasks(), result.items(), result.seconds(), result.nmiItems() == result.items()
                        ? "all " + result.items() + " items" : "a sample of " + result.nmiItems() + " of " + result.items()
                        + " items (jdml.spark.nmi-sample)");
        if (result.queriesLeftOut() > 0) {
            out.println(result.queriesLeftOut() + " queries have no other item of their class (R = 0) and are left out"
                    + " of Recall@K, MAP@R and R-precision, as in jdml eval.");
        }
        if (!skipped.isEmpty()) {
            out.println("The dataset skipped " + skipped.size() + " unreadable item(s) (skip-unreadable = true; each was"
                    + " replaced as docs/datasets.md says):");
            skipped.stream().limit(20).forEach(item -> out.println("  " + item));
        }
        out.flush();
    }
}
