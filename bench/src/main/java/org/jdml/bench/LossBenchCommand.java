package org.jdml.bench;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.jdml.api.ComponentHost;
import org.jdml.runner.assembly.Environment;
import org.jdml.runner.command.ConfigOptions;
import org.jdml.runner.engine.EngineSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jdml bench loss}: the cost of every registered loss, and of the triplet loss with every
 * registered miner, against the batch size. Each is built through the registries with the run's
 * settings over its defaults (a ComponentContext with the given embedding size and number of
 * classes), then one step (mining, forward, backward) is timed on random L2-normalised embeddings of
 * balanced classes: the median of the repeats after warm-up, per batch size. The log-log slope of
 * time against batch size estimates the exponent of the cost (1 for a linear loss, 3 for every
 * triplet of a batch). Losses whose slope stays below {@code --linear-slope} go on to the extended
 * batch sizes.
 */
@Command(name = "loss", mixinStandardHelpOptions = true,
        description = "Times forward+backward of each loss (and triplet with each miner) against the batch size; "
                + "prints a markdown table with the log-log slope.")
public final class LossBenchCommand implements Callable<Integer> {

    /** The section this command writes into a BENCHMARKS.md-like file. */
    static final String HEADING = "## Loss cost against batch size";

    @Mixin
    ConfigOptions options;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--batch-sizes", split = ",", paramLabel = "B,...", defaultValue = "64,128,256,512,1024",
            description = "Batch sizes for every loss (default: ${DEFAULT-VALUE}).")
    int[] batchSizes;

    @Option(names = "--extended-batch-sizes", split = ",", paramLabel = "B,...", defaultValue = "2048,4096",
            description = "Further batch sizes for losses whose slope stays below --linear-slope "
                    + "(default: ${DEFAULT-VALUE}).")
    int[] extendedBatchSizes;

    @Option(names = "--linear-slope", defaultValue = "1.5",
            description = "Slope under which a loss counts as linear (default: ${DEFAULT-VALUE}).")
    double linearSlope;

    @Option(names = "--dim", defaultValue = "64", description = "Embedding size (default: ${DEFAULT-VALUE}).")
    int dimension;

    @Option(names = "--classes", defaultValue = "8",
            description = "Classes, balanced in every batch; also the losses' number of training classes "
                    + "(default: ${DEFAULT-VALUE}).")
    int classes;

    @Option(names = "--warmup", defaultValue = "3", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--repeats", defaultValue = "10", description = "Timed steps (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--cell-seconds", defaultValue = "20",
            description = "Stop repeating a batch size after this many timed seconds, with at least 3 steps "
                    + "(default: ${DEFAULT-VALUE}).")
    double cellSeconds;

    @Option(names = "--max-seconds", defaultValue = "30",
            description = "Skip larger batch sizes once one step is predicted to take longer "
                    + "(default: ${DEFAULT-VALUE}).")
    double maxSeconds;

    @Option(names = "--memory-share", defaultValue = "0.5",
            description = "Skip larger batch sizes once the memory a step takes (extrapolated as B^3) could exceed "
                    + "this share of the machine's available memory (default: ${DEFAULT-VALUE}).")
    double memoryShare;

    @Option(names = "--thread-cpu",
            description = "Time steps by the CPU time of the calling thread instead of the wall clock: with "
                    + "--threads 1 it does all the engine's work, and time lost to other processes does not count.")
    boolean threadCpu;

    @Option(names = "--threads", defaultValue = "0",
            description = "Intra-op threads of the engine; 0 keeps jdml.run.threads or the engine's default.")
    int threads;

    @Option(names = "--losses", split = ",", paramLabel = "NAME,...",
            description = "Only these losses (triplet also brings its miners); default: every registered loss.")
    List<String> losses = new ArrayList<>();

    @Mixin
    SectionOutput output;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        Environment environment = Environment.load(options.loader());
        EngineSetup.start(threads > 0 ? threads : environment.config().getInt("jdml.run.threads"));
        LossCostBench.Plan plan = new LossCostBench.Plan(batchSizes, extendedBatchSizes, linearSlope, dimension, classes,
                warmup, repeats, cellSeconds, maxSeconds, memoryShare, threadCpu, environment.config().getLong("jdml.run.seed"));
        if (threadCpu && EngineSetup.threads() != 1) {
            spec.commandLine().getErr().println("Warning: --thread-cpu counts only the calling thread; with "
                    + EngineSetup.threads() + " intra-op threads the others' work is missed. Use --threads 1.");
        }
        LossCostBench bench = new LossCostBench(
                ComponentHost.of(environment.registries(), environment.classLoader()), environment.config(), plan,
                System.err);
        CpuUsage usage = CpuUsage.start();
        long start = System.nanoTime();
        List<LossCostBench.Row> rows = bench.runAll(losses);
        String section = section(rows, EngineSetup.threads(), (System.nanoTime() - start) / 60e9, usage.othersShare());
        stdout.print(section);
        stdout.flush();
        output.write(HEADING, section);
        return 0;
    }

    String section(List<LossCostBench.Row> rows, int usedThreads, double minutes, double othersShare) {
        TreeSet<Integer> sizes = new TreeSet<>();
        rows.forEach(r -> java.util.Arrays.stream(r.batchSizes()).forEach(sizes::add));
        return HEADING + "\n\n" + String.format(Locale.ROOT,
                "Measured with `jdml bench loss` on %s: one loss step (mining when a miner is named, forward, backward "
                        + "into the embeddings and the loss's own parameters) in milliseconds of %s, the median of up to %d "
                        + "steps after %d warm-up, on random L2-normalised embeddings, D = %d, %d balanced classes; "
                        + "each loss with its default settings. Slope: least-squares slope of log time against log "
                        + "batch size (1 = linear cost, 3 = every triplet); end slope: the same between the two largest "
                        + "batch sizes, where fixed costs matter least. Losses with a slope under %.1f go on to "
                        + "larger batches.%n%n"
                        + "Machine: %s, Java %s; engine intra-op threads: %d; %.1f min in all; other processes used "
                        + "%s of the CPU meanwhile (from /proc/stat; a large share makes the timings noisy).%n%n",
                LocalDate.now(), threadCpu ? "the calling thread's CPU time" : "wall-clock time", repeats, warmup, dimension, classes, linearSlope, describeMachine(),
                System.getProperty("java.version"), usedThreads, minutes,
                Double.isNaN(othersShare) ? "an unknown share" : String.format(Locale.ROOT, "%.0f %%", 100 * othersShare))
                + LossCostBench.table(rows, sizes.stream().mapToInt(Integer::intValue).toArray());
    }

    /** "2 vCPU, Intel(R) Xeon(R) ..." as far as the system says. */
    static String describeMachine() {
        String model = "";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    model = ", " + line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the core count alone
        }
        return Runtime.getRuntime().availableProcessors() + " vCPU" + model;
    }
}
