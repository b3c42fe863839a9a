package org.jdml.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
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
 * {@code jdml bench backbones}: for each architecture the papers start from, the seconds of one
 * training step at {@code size x size} and batch {@code batch}, the seconds to embed and evaluate a
 * split of generated photos, and the peak resident memory while doing both. Photos are decoded and
 * augmented as in a real run (image-folder over generated JPEGs), and weights are random: the cost
 * does not depend on their values.
 */
@Command(name = "backbones", mixinStandardHelpOptions = true,
        description = "Seconds per training step and per evaluation, and peak memory, of each backbone architecture "
        + "(resnet18/34/50/101, googlenet, bninception) at 224 x 224, batch 32, on generated photos.")
public final class BackboneBenchCommand implements Callable<Integer> {

    static final String HEADING = "## Backbones: training step, evaluation and memory";

    /** The architectures, each as the settings that select it. */
    static final Map<String, List<String>> ARCHITECTURES = new LinkedHashMap<>();

    static {
        for (int depth : new int[] {18, 34, 50, 101}) {
            ARCHITECTURES.put("resnet" + depth, List.of("jdml.backbone.name = resnet",
                    "jdml.backbone.resnet.depth = " + depth));
        }
        ARCHITECTURES.put("googlenet", List.of("jdml.backbone.name = googlenet"));
        ARCHITECTURES.put("bninception", List.of("jdml.backbone.name = bninception"));
    }

    @Mixin
    ConfigOptions options;

    @Option(names = "--architectures", split = ",", paramLabel = "NAME[,NAME...]",
            description = "Only these rows (default: all of resnet18, resnet34, resnet50, resnet101, googlenet, bninception).")
    List<String> only;

    @Option(names = "--size", paramLabel = "PX", defaultValue = "224", description = "Image side (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "32", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "5",
            description = "Timed training steps per architecture (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "2",
            description = "Untimed steps before them (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2",
            description = "Intra-op threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--eval-images", paramLabel = "N", defaultValue = "64",
            description = "Photos in the evaluation split (default: ${DEFAULT-VALUE}).")
    int evalImages;

    @Option(names = "--in-process", hidden = true,
            description = "Measure in this JVM (what each child process does) and print one ROW line per architecture.")
    boolean inProcess;

    @Option(names = "--compute", split = ",", paramLabel = "PRECISION[+FORMAT][,...]", defaultValue = "fp32",
            converter = ComputeChoiceConverter.class,
            description = "How the network computes, each measured in turn per architecture: fp32, bf16, fp16 or "
                    + "auto, with +channels-last for that memory order (default: ${DEFAULT-VALUE}).")
    List<ComputeChoice> computes;

    @Mixin
    SectionOutput output;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** One architecture's readings. */
    record Row(String architecture, IterationBenchmark.Result timing, long peakBytes) {}

    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        int perClass = 8;
        int evalClasses = Math.max(2, evalImages / perClass);
        int trainClasses = Math.max(batch / 4, 2);
        Path photos = Files.createTempDirectory("jdml-bench-backbones");
        try {
            JpegFixture.Written written = JpegFixture.write(photos,
                    new JpegFixture.Spec(trainClasses + evalClasses, perClass, 320, 256, 7));
            console.println("Photos: " + written.describe());
            List<Row> rows = new ArrayList<>();
            if (!inProcess) {
                for (String architecture : ARCHITECTURES.keySet()) {
                    if (only == null || only.contains(architecture)) {
                        for (ComputeChoice compute : computes) {
                            rows.add(inChild(architecture, compute, console));
                        }
                    }
                }
                String section = section(rows, written, evalClasses * perClass);
                console.println();
                console.print(section);
                console.flush();
                output.write(HEADING, section);
                return 0;
            }
            Environment environment = Environment.load(options.loader());
            EngineSetup.start(threads);
            for (Map.Entry<String, List<String>> architecture : ARCHITECTURES.entrySet()) {
                if (only != null && !only.contains(architecture.getKey())) {
                    continue;
                }
                List<String> sets = new ArrayList<>(architecture.getValue());
                sets.addAll(computes.get(0).settings());
                Config config = configFor(environment.config(), photos, trainClasses, trainClasses + evalClasses, sets);
                console.printf(Locale.ROOT, "%s, %s: %d warm-up + %d timed steps and one evaluation...%n",
                        architecture.getKey(), computes.get(0).label(), warmup, iterations);
                console.flush();
                System.gc();
                boolean peakReset = ProcessMemory.resetPeak();
                IterationBenchmark.Result timing = IterationBenchmark.run(architecture.getKey(), config,
                        environment.registries(), warmup, iterations, true);
                long peak = peakReset ? ProcessMemory.peak() : -1;
                console.printf(Locale.ROOT, "  %.2f s/step, evaluation %.1f s, peak memory %d MB%n", timing.median(),
                        timing.evaluationSeconds(), peak >> 20);
                console.println(String.join("\t", "ROW", architecture.getKey(), Double.toString(timing.median()),
                        Double.toString(timing.p10()), Double.toString(timing.p90()),
                        Double.toString(timing.evaluationSeconds()), Long.toString(peak),
                        Double.toString(timing.othersCpu())));
                console.flush();
            }
            return 0;
        } finally {
            JpegFixture.delete(photos);
        }
    }

    /**
     * Measures one architecture in a JVM of its own, started as this one was (same classpath and JVM
     * options): memory the native allocator keeps after one network would otherwise count for the next.
     */
    private Row inChild(String architecture, ComputeChoice compute, PrintWriter console) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.jdml.runner.Jdml"));
        List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        for (String dropped : new String[] {"--architectures", "--out", "--compute"}) {
            int at = args.indexOf(dropped);
            if (at >= 0) {
                args.subList(at, Math.min(args.size(), at + 2)).clear();
            }
        }
        args.removeIf(a -> a.startsWith("--architectures=") || a.startsWith("--out=") || a.startsWith("--compute="));
        command.addAll(args);
        command.addAll(List.of("--in-process", "--architectures", architecture, "--compute", compute.label()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        Row row = null;
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("ROW\t")) {
                    String[] f = line.split("\t");
                    row = new Row(f[1], new IterationBenchmark.Result(f[1], threads, Double.parseDouble(f[2]),
                            Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[7]), iterations,
                            Double.parseDouble(f[5]), compute.label()), Long.parseLong(f[6]));
                } else if (!line.startsWith("Photos: ")) {
                    console.println(line);
                    console.flush();
                }
            }
        }
        try {
            int exit = child.waitFor();
            if (exit != 0 || row == null) {
                throw new IllegalStateException("measuring " + architecture + " failed (exit " + exit + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring " + architecture, e);
        }
        return row;
    }

    private Config configFor(Config base, Path photos, int trainClasses, int classes, List<String> architecture) {
        List<String> trainNames = new ArrayList<>();
        for (int c = 0; c < trainClasses; c++) {
            trainNames.add(String.format(Locale.ROOT, "\"class-%02d\"", c));
        }
        List<String> sets = new ArrayList<>(architecture);
        sets.addAll(List.of("jdml.dataset.name = image-folder",
                "jdml.dataset.image-folder.dir = \"" + photos.toString().replace("\\", "\\\\") + "\"",
                "jdml.dataset.image-folder.train-classes = [" + String.join(", ", trainNames) + "]",
                "jdml.dataset.image-folder.size = " + size,
                "jdml.dataset.image-folder.resize = " + (size * 8 / 7),
                "jdml.sampler.name = m-per-class", "jdml.sampler.m-per-class.m = 4",
                "jdml.train.batch-size = " + batch, "jdml.train.embed-batch-size = " + batch,
                "jdml.model.embedding-size = 512", "jdml.loss.name = triplet", "jdml.miner.name = batch-hard",
                "jdml.train.optimizer = sgd",
                "jdml.train.progress = false", "jdml.eval.progress = false"));
        return ConfigFactory.parseString(String.join("\n", sets), ConfigParseOptions.defaults()
                .setOriginDescription("jdml bench backbones")).withFallback(base).resolve();
    }

    private String section(List<Row> rows, JpegFixture.Written photos, int evalItems) {
        StringBuilder text = new StringBuilder(HEADING).append("\n\n");
        text.append(String.format(Locale.ROOT, "Measured with `jdml bench backbones` on %s: random weights, %d x %d "
                + "crops of %s, batch %d (m-per-class, 4 per class), triplet loss with batch-hard mining, SGD, "
                + "embedding 512; %d warm-up steps, then the median of %d timed ones, at %d thread(s) on %d CPU "
                + "core(s), Java %s. The evaluation embeds %d photos (resized, centre crop) and computes "
                + "Recall@K, NMI, MAP@R and R-precision. Peak memory is the process's resident set at its highest "
                + "(VmHWM) of a JVM that measured only that architecture: the engine, the JVM and the decoded batches included.%n%n",
                LocalDate.now(), size, size, photos.describe(), batch, warmup, iterations, threads,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), evalItems));
        boolean compared = rows.stream().anyMatch(r -> !r.timing().compute().equals("fp32"));
        text.append("| architecture |" + (compared ? " compute |" : "") + " s/step (median) |"
                + (compared ? " against fp32 |" : "") + " p10 - p90 | evaluation (s) | s per 32 embedded | "
                + "peak memory | other processes' CPU |\n|---|" + (compared ? "---|" : "") + "---:|" + (compared ? "---:|" : "")
                + "---:|---:|---:|---:|---:|\n");
        List<IterationBenchmark.Result> timings = rows.stream().map(Row::timing).toList();
        for (Row r : rows) {
            IterationBenchmark.Result t = r.timing();
            String compute = compared ? " " + t.compute() + " |" : "";
            String ratio = compared ? " " + IterationBenchmark.againstFloat32(t, timings) + " |" : "";
            text.append(String.format(Locale.ROOT, "| %s |%s %.2f |%s %.2f - %.2f | %.1f | %.2f | %s | %s |%n",
                    r.architecture(), compute, t.median(), ratio, t.p10(), t.p90(), t.evaluationSeconds(),
                    t.evaluationSeconds() * 32 / evalItems,
                    r.peakBytes() < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f GB", r.peakBytes() / 1e9),
                    Double.isNaN(t.othersCpu()) ? "n/a" : String.format(Locale.ROOT, "%.0f %%", 100 * t.othersCpu())));
        }
        return text.toString();
    }

}
