package org.jdml.bench;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.jdml.runner.assembly.Environment;
import org.jdml.runner.command.ConfigOptions;
import org.jdml.runner.engine.EngineSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jdml bench memory}: the resident memory of the configured training run (FMNIST-ZS by
 * default) as iterations go by, against the target that the size after 1,000 iterations stays within
 * 15 % of the size after 100. Only the training loop runs (no evaluation in between), as in a long
 * epoch; each reading follows a garbage collection, so direct buffers that are already unreachable
 * do not count. Without {@code -XX:+AlwaysPreTouch} the resident size also grows while the JVM
 * touches its committed heap for the first time, which the section says.
 */
@Command(name = "memory", mixinStandardHelpOptions = true,
        description = "Resident memory of the configured training run after 100, ..., 1000 iterations "
                + "(target: within 15 %% from 100 to 1000).")
public final class MemoryBenchCommand implements Callable<Integer> {

    /** The section this command writes into a BENCHMARKS.md-like file. */
    static final String HEADING = "## Memory over a run";

    /** The allowed growth from the first reading to the last. */
    static final double TARGET_GROWTH = 0.15;

    @Mixin
    ConfigOptions options;

    @Option(names = "--at", split = ",", paramLabel = "N[,N...]", defaultValue = "100,250,500,750,1000",
            description = "Iterations after which memory is read; the first is the baseline, the last ends the run "
                    + "(default: ${DEFAULT-VALUE}).")
    List<Integer> readings;

    @Mixin
    SectionOutput output;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Memory after a number of iterations. */
    record Reading(int iteration, long residentBytes, long heapBytes, long heapCommittedBytes, int liveArrays) {}

    @Override
    public Integer call() {
        Environment environment = Environment.load(options.loader());
        PrintWriter console = spec.commandLine().getOut();
        TreeSet<Integer> at = new TreeSet<>(readings);
        if (at.isEmpty() || at.first() < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--at needs iteration counts >= 1, was " + readings);
        }
        Config config = ConfigFactory.parseString("jdml.train.progress = false\njdml.eval.progress = false",
                ConfigParseOptions.defaults().setOriginDescription("bench")).withFallback(environment.config()).resolve();
        EngineSetup.start(config);
        int threads = EngineSetup.threads();
        List<Reading> results = new ArrayList<>();
        CpuUsage cpu = CpuUsage.start();
        try (StandaloneLoop run = StandaloneLoop.open(config, environment.registries())) {
            for (int i = 1; i <= at.last(); i++) {
                run.loop().step();
                if (at.contains(i)) {
                    Reading r = read(i, run.manager());
                    results.add(r);
                    console.printf(Locale.ROOT, "after %d iterations: resident %d MB, heap %d MB, %d live arrays%n",
                            i, r.residentBytes() >> 20, r.heapBytes() >> 20, r.liveArrays());
                    console.flush();
                }
            }
        }
        String section = section(config, threads, results, cpu.othersShare());
        console.println();
        console.print(section);
        console.flush();
        output.write(HEADING, section);
        return 0;
    }

    private static Reading read(int iteration, NDManager manager) {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        int arrays = manager instanceof BaseNDManager base ? base.getManagedArrays().size() : -1;
        return new Reading(iteration, ProcessMemory.resident(), runtime.totalMemory() - runtime.freeMemory(),
                runtime.totalMemory(), arrays);
    }

    static String section(Config config, int threads, List<Reading> results, double othersCpu) {
        StringBuilder text = new StringBuilder(HEADING).append("\n\n");
        text.append(String.format(Locale.ROOT, "Measured with `jdml bench memory` on %s: %s on %s, loss %s, miner %s, "
                + "sampler %s, batch %d; %d intra-op thread(s), %d CPU core(s), Java %s, heap limit %d MB; other "
                + "processes used %.0f %% of the CPU meanwhile. Only the training loop runs; each reading follows a "
                + "garbage collection. Target: the resident size after the last reading within %.0f %% of the first.%n%n",
                LocalDate.now(), config.getString("jdml.backbone.name"), config.getString("jdml.dataset.name"),
                config.getString("jdml.loss.name"), config.getString("jdml.miner.name"),
                config.getString("jdml.sampler.name"), config.getInt("jdml.train.batch-size"), threads,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, 100 * othersCpu, 100 * TARGET_GROWTH));
        text.append(preTouched()
                ? "The JVM ran with -XX:+AlwaysPreTouch: the Java heap's committed pages were resident from the start, so "
                        + "growth here is native memory (the engine's arrays and the allocator).\n\n"
                : "The JVM ran without -XX:+AlwaysPreTouch: the first use of each committed page of the Java heap "
                        + "counts as growth too, up to the committed size. `JAVA_OPTS=\"-Xmx4g -XX:+AlwaysPreTouch\"` "
                        + "isolates native memory.\n\n");
        text.append("| iterations | resident MB | change from the first | Java heap used / committed MB | live arrays |\n"
                + "|---:|---:|---:|---:|---:|\n");
        Reading first = results.get(0);
        for (Reading r : results) {
            text.append(String.format(Locale.ROOT, "| %d | %d | %+.1f %% | %d / %d | %d |%n", r.iteration(),
                    r.residentBytes() >> 20, 100 * growth(first, r), r.heapBytes() >> 20, r.heapCommittedBytes() >> 20,
                    r.liveArrays()));
        }
        Reading last = results.get(results.size() - 1);
        double growth = growth(first, last);
        text.append(String.format(Locale.ROOT, "%nFrom %d to %d iterations the resident size changed by %+.1f %%: %s.%n",
                first.iteration(), last.iteration(), 100 * growth,
                growth <= TARGET_GROWTH ? "within the target" : "OVER the target"));
        return text.toString();
    }

    private static boolean preTouched() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+AlwaysPreTouch");
    }

    private static double growth(Reading from, Reading to) {
        return (double) to.residentBytes() / from.residentBytes() - 1;
    }
}
