package org.jdml.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jdml.runner.assembly.Environment;
import org.jdml.runner.command.ConfigOptions;
import org.jdml.runner.engine.EngineSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jdml bench iteration}: seconds per training iteration of each benchmark loss on the
 * configured run (FMNIST-ZS by default), at one or more thread counts, plus the time of one
 * evaluation; a markdown section on stdout and, with {@code --out}, in a file.
 */
@Command(name = "iteration", mixinStandardHelpOptions = true,
        description = "Seconds per training iteration (median after warm-up) of each loss "
        + "on the configured run (FMNIST-ZS by default), and the time of one evaluation.")
public final class IterationBenchCommand implements Callable<Integer> {

    /** The section this command writes into a BENCHMARKS.md-like file. */
    static final String HEADING = "## Training iteration";

    /** The losses compared (the FMNIST-ZS benchmark, docs/datasets.md), each as the settings that select it. */
    static final Map<String, List<String>> LOSSES = new LinkedHashMap<>();

    static {
        LOSSES.put("triplet (batch-all)", List.of("jdml.loss.name = triplet", "jdml.miner.name = none"));
        LOSSES.put("triplet + batch-hard", List.of("jdml.loss.name = triplet", "jdml.miner.name = batch-hard"));
        LOSSES.put("proxy-nca", List.of("jdml.loss.name = proxy-nca", "jdml.miner.name = none"));
        LOSSES.put("softtriple", List.of("jdml.loss.name = softtriple", "jdml.miner.name = none"));
        LOSSES.put("centroid-bound", List.of("jdml.loss.name = centroid-bound", "jdml.miner.name = none"));
    }

    @Mixin
    ConfigOptions options;

    @Option(names = "--threads", split = ",", paramLabel = "N[,N...]", defaultValue = "2",
            description = "Intra-op thread counts to measure, in order (default: ${DEFAULT-VALUE}).")
    List<Integer> threads;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "100",
            description = "Timed iterations per loss (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "20",
            description = "Untimed iterations before them (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--losses", split = ",", paramLabel = "LABEL[,LABEL...]",
            description = "Only these rows: triplet, batch-hard, proxy-nca, softtriple, centroid-bound (default: all).")
    List<String> only;

    @Option(names = "--no-eval", description = "Do not time an evaluation.")
    boolean noEval;

    @Option(names = "--compute", split = ",", paramLabel = "PRECISION[+FORMAT][,...]", defaultValue = "fp32",
            converter = ComputeChoiceConverter.class,
            description = "How the network computes, each measured in turn: fp32, bf16, fp16 or auto, with "
                    + "+channels-last for that memory order (default: ${DEFAULT-VALUE}; "
                    + "e.g. fp32,bf16,bf16+channels-last).")
    List<ComputeChoice> computes;

    @Mixin
    SectionOutput output;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Environment environment = Environment.load(options.loader());
        PrintWriter console = spec.commandLine().getOut();
        List<IterationBenchmark.Result> results = new ArrayList<>();
        java.util.Set<String> evaluated = new java.util.HashSet<>(); // once per way of computing
        for (int count : threads) {
            EngineSetup.start(count);
            for (Map.Entry<String, List<String>> loss : LOSSES.entrySet()) {
                if (only != null && only.stream().noneMatch(o -> loss.getKey().contains(o))) {
                    continue;
                }
                for (ComputeChoice compute : computes) {
                    List<String> sets = new ArrayList<>(loss.getValue());
                    sets.addAll(compute.settings());
                    Config config = configFor(environment.config(), sets);
                    boolean evaluate = !noEval && !evaluated.contains(compute.label());
                    console.printf(Locale.ROOT, "%s, %s, %d thread(s): %d warm-up + %d timed iterations%s...%n",
                            loss.getKey(), compute.label(), count, warmup, iterations,
                            evaluate ? " and one evaluation" : "");
                    console.flush();
                    IterationBenchmark.Result r = IterationBenchmark.run(loss.getKey(), config,
                            environment.registries(), warmup, iterations, evaluate);
                    if (evaluate) {
                        evaluated.add(compute.label());
                    }
                    console.printf(Locale.ROOT, "  median %.4f s/iter, others used %.0f %% of the CPU%n", r.median(),
                            100 * r.othersCpu());
                    results.add(r);
                }
            }
        }
        String section = section(environment.config(), results);
        console.println();
        console.print(section);
        console.flush();
        output.write(HEADING, section);
        return 0;
    }

    /** The run's configuration with a loss selected and the progress bars off. */
    private static Config configFor(Config base, List<String> sets) {
        Config user = ConfigFactory.parseString(String.join("\n", sets) + "\njdml.train.progress = false\n"
                + "jdml.eval.progress = false", ConfigParseOptions.defaults().setOriginDescription("bench"));
        return user.withFallback(base).resolve();
    }

    private String section(Config config, List<IterationBenchmark.Result> results) {
        StringBuilder text = new StringBuilder(HEADING).append("\n\n");
        text.append(String.format(Locale.ROOT, "Measured with `jdml bench iteration` on %s: %s, batch %d, %s, "
                + "dataset %s, embedding %d; %d warm-up iterations, then the median of %d timed ones. "
                + "%d CPU core(s), Java %s. \"Other processes' CPU\" is the share of all cores that other processes "
                + "used meanwhile (from /proc/stat): rows with a large share are contended and not comparable.%n%n",
                LocalDate.now(), config.getString("jdml.backbone.name"), config.getInt("jdml.train.batch-size"),
                config.getString("jdml.train.optimizer"), config.getString("jdml.dataset.name"),
                config.getInt("jdml.model.embedding-size"), warmup, iterations,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        text.append(IterationBenchmark.table(results));
        List<IterationBenchmark.Result> evaluations = results.stream().filter(r -> !Double.isNaN(r.evaluationSeconds()))
                .toList();
        if (!evaluations.isEmpty()) {
            text.append(String.format(Locale.ROOT, "%nEvaluation (embed the evaluation split in evaluation mode, then "
                    + "Recall@K, NMI, MAP@R, R-precision), at %d thread(s): ", evaluations.get(0).threads()));
            text.append(String.join(", ", evaluations.stream().map(r -> String.format(Locale.ROOT, "%.1f s in %s",
                    r.evaluationSeconds(), r.compute())).toList())).append(".\n");
        }
        return text.toString();
    }

    /** Replaces the file's section under {@link #HEADING} (up to the next "## " heading) or appends it. */
    static void replaceSection(Path file, String section) {
        try {
            MarkdownSection.replace(file, HEADING, section);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
