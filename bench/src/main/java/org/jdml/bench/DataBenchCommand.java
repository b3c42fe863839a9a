package org.jdml.bench;

import ai.djl.ndarray.NDManager;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.api.data.MetricDataset;
import org.jdml.runner.assembly.ComponentAssembler;
import org.jdml.runner.assembly.Environment;
import org.jdml.runner.assembly.Registries;
import org.jdml.runner.command.ConfigOptions;
import org.jdml.runner.engine.EngineSetup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jdml bench data}: how fast the image pipeline is, and whether training waits for it.
 *
 * <ol>
 *   <li>Images per second through decoding and the training transform (random resized crop, flip,
 *       normalise) and the evaluation transform (resize, centre crop, normalise), for each number
 *       of worker threads: the median of the repeats after warm-up batches.
 *   <li>The run's training loop with each benchmark backbone (ResNet-18, and an MLP with no hidden
 *       layer whose step is cheap, so that the data cannot keep up): seconds per iteration and the
 *       share of them the steps spent waiting for a batch not read yet.
 * </ol>
 *
 * The images are a generated folder of JPEG photos ({@link JpegFixture}), or with {@code
 * --configured-dataset} the dataset that the configuration selects.
 */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Images per second through decoding and augmentation for each number of workers, and the "
                + "share of a training step spent waiting for data (ResNet-18 and a cheap MLP); prints a markdown "
                + "section.")
public final class DataBenchCommand implements Callable<Integer> {

    /** The section this command writes into a BENCHMARKS.md-like file. */
    static final String HEADING = "## Data pipeline";

    /** A backbone the training loop is timed with. */
    record Backbone(String label, List<String> settings) {}

    /** The benchmark's backbones, by the name {@code --backbones} selects them with. */
    static final Map<String, Backbone> BACKBONES = new LinkedHashMap<>();

    static {
        BACKBONES.put("resnet", new Backbone("resnet-18",
                List.of("jdml.backbone.name = resnet", "jdml.backbone.resnet.depth = 18")));
        BACKBONES.put("mlp", new Backbone("mlp, no hidden layer (a linear map of the pixels)",
                List.of("jdml.backbone.name = mlp", "jdml.backbone.mlp.hidden = []")));
    }

    @Mixin
    ConfigOptions options;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--configured-dataset",
            description = "Measure the dataset the configuration selects (jdml.dataset.name, e.g. image-folder with "
                    + "its dir) instead of generated JPEGs; it must be an image dataset (one with a 'workers' "
                    + "setting).")
    boolean configuredDataset;

    @Option(names = "--fixture", paramLabel = "DIR",
            description = "Write the generated JPEGs into DIR and keep them; DIR should be new or hold such a "
                    + "fixture, since every sub-folder counts as a class (default: a temporary folder, deleted at "
                    + "the end).")
    Path fixture;

    @Option(names = "--classes", defaultValue = "10",
            description = "Generated images: classes, half of them training (default: ${DEFAULT-VALUE}).")
    int classes;

    @Option(names = "--images-per-class", defaultValue = "40",
            description = "Generated images per class (default: ${DEFAULT-VALUE}).")
    int imagesPerClass;

    @Option(names = "--image-size", paramLabel = "WxH", defaultValue = "500x375",
            description = "Size of the generated landscape images; every fourth one is portrait, HxW "
                    + "(default: ${DEFAULT-VALUE}).")
    String imageSize;

    @Option(names = "--size", paramLabel = "N",
            description = "Side of the items the model gets (the dataset's 'size'; default: the dataset's setting, "
                    + "224 unless configured).")
    Integer size;

    @Option(names = "--resize", paramLabel = "N",
            description = "Evaluation: the shorter side before the centre crop (the dataset's 'resize'; default: the "
                    + "dataset's setting, 256 unless configured).")
    Integer resize;

    @Option(names = "--workers", split = ",", paramLabel = "N,...",
            description = "Decoding thread counts to measure the throughput with (default: 1, 2 and the number of "
                    + "processors).")
    List<Integer> workers;

    @Option(names = "--warmup-batches", defaultValue = "2",
            description = "Untimed batches before each throughput measurement (default: ${DEFAULT-VALUE}).")
    int warmupBatches;

    @Option(names = "--batches", defaultValue = "10",
            description = "Timed batches per repeat (default: ${DEFAULT-VALUE}); a batch is jdml.train.batch-size "
                    + "images.")
    int batches;

    @Option(names = "--repeats", defaultValue = "3",
            description = "Repeats of each throughput measurement; the table gives their median "
                    + "(default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--backbones", split = ",", paramLabel = "NAME,...", defaultValue = "resnet,mlp",
            description = "Backbones to time the training loop with: resnet (ResNet-18), mlp (no hidden layer) "
                    + "(default: ${DEFAULT-VALUE}).")
    List<String> backbones;

    @Option(names = "--warmup", defaultValue = "3",
            description = "Untimed training iterations per backbone (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--iterations", defaultValue = "20",
            description = "Timed training iterations per backbone (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--threads", defaultValue = "0",
            description = "Intra-op threads of the engine; 0 keeps jdml.run.threads or the engine's default.")
    int threads;

    @Mixin
    SectionOutput output;

    @Override
    public Integer call() throws IOException {
        int[] imageDimensions = checkOptions();
        PrintWriter console = spec.commandLine().getOut();
        Environment environment = Environment.load(options.loader());
        EngineSetup.start(threads > 0 ? threads : environment.config().getInt("jdml.run.threads"));
        Config config = with(environment.config(),
                List.of("jdml.train.progress = false", "jdml.eval.progress = false"));
        Path folder = null;
        String source;
        try {
            if (configuredDataset) {
                source = "the configured dataset `" + config.getString("jdml.dataset.name") + "`";
            } else {
                folder = fixture != null ? fixture : Files.createTempDirectory("jdml-bench-data-");
                JpegFixture.Spec fixtureSpec = new JpegFixture.Spec(classes, imagesPerClass, imageDimensions[0],
                        imageDimensions[1], config.getLong("jdml.run.seed"));
                console.printf(Locale.ROOT, "Writing %d JPEGs into %s...%n", fixtureSpec.images(), folder);
                console.flush();
                JpegFixture.Written written = JpegFixture.write(folder, fixtureSpec);
                source = "generated photos in an `image-folder`: " + written.describe();
                config = with(config, List.of("jdml.dataset.name = image-folder",
                        "jdml.dataset.image-folder.dir = " + ConfigUtil.quoteString(folder.toString())));
            }
            String dataset = datasetPath(config);
            List<String> imageSettings = new ArrayList<>();
            if (size != null) {
                imageSettings.add(dataset + ".size = " + size);
            }
            if (resize != null) {
                imageSettings.add(dataset + ".resize = " + resize);
            }
            config = with(config, imageSettings);
            String section = measure(config, environment.registries(), source, console);
            console.println();
            console.print(section);
            console.flush();
            output.write(HEADING, section);
            return 0;
        } finally {
            if (folder != null && fixture == null) {
                JpegFixture.delete(folder);
            }
        }
    }

    /** Checks the options that picocli cannot; returns the generated images' {width, height}. */
    private int[] checkOptions() {
        List<String> problems = new ArrayList<>();
        int[] dimensions = parseSize(imageSize);
        if (dimensions == null) {
            problems.add("--image-size must be WIDTHxHEIGHT in pixels, e.g. 500x375, was '" + imageSize + "'");
        }
        if (workers != null && (workers.isEmpty() || workers.stream().anyMatch(w -> w < 1))) {
            problems.add("--workers must list thread counts >= 1, was " + workers);
        }
        for (String name : backbones) {
            if (!BACKBONES.containsKey(name)) {
                problems.add("--backbones: unknown backbone '" + name + "'; the benchmark has " + BACKBONES.keySet());
            }
        }
        check(problems, classes >= 2, "--classes must be >= 2 (training and evaluation need one each), was " + classes);
        check(problems, imagesPerClass >= 1, "--images-per-class must be >= 1, was " + imagesPerClass);
        check(problems, size == null || size >= 1, "--size must be >= 1, was " + size);
        check(problems, resize == null || resize >= 1, "--resize must be >= 1, was " + resize);
        check(problems, warmupBatches >= 0, "--warmup-batches must be >= 0, was " + warmupBatches);
        check(problems, batches >= 1, "--batches must be >= 1, was " + batches);
        check(problems, repeats >= 1, "--repeats must be >= 1, was " + repeats);
        check(problems, warmup >= 0, "--warmup must be >= 0, was " + warmup);
        check(problems, iterations >= 1, "--iterations must be >= 1, was " + iterations);
        if (!problems.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), String.join("\n", problems));
        }
        return dimensions;
    }

    private static void check(List<String> problems, boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }

    /** "500x375" as {500, 375}; null when malformed. */
    static int[] parseSize(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("x");
        if (parts.length != 2) {
            return null;
        }
        try {
            int width = Integer.parseInt(parts[0].trim());
            int height = Integer.parseInt(parts[1].trim());
            return width >= 1 && height >= 1 ? new int[] {width, height} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code jdml.dataset.<name>}, after checking that the dataset decodes images on workers. */
    private static String datasetPath(Config config) {
        String name = config.getString("jdml.dataset.name");
        String path = "jdml.dataset." + ConfigUtil.joinPath(name);
        if (!config.hasPath(path + ".workers")) {
            throw new JdmlConfigurationException("jdml bench data measures image datasets, but dataset '" + name
                    + "' (jdml.dataset.name) has no '" + path + ".workers' setting. Leave out --configured-dataset to "
                    + "measure generated photos, or select an image dataset such as image-folder.");
        }
        return path;
    }

    private String measure(Config config, Registries registries, String source, PrintWriter console) {
        String dataset = datasetPath(config);
        int batchSize = config.getInt("jdml.train.batch-size");
        DecodeThroughput.Plan plan = new DecodeThroughput.Plan(batchSize, warmupBatches, batches, repeats,
                config.getLong("jdml.run.seed"));
        List<DecodeThroughput.Row> throughput = new ArrayList<>();
        for (int count : workerCounts()) {
            MetricDataset data = dataset(with(config, List.of(dataset + ".workers = " + count)), registries);
            for (boolean augment : new boolean[] {true, false}) {
                console.printf(Locale.ROOT, "%s path, %d worker(s): %d warm-up + %d x %d batches of %d...%n",
                        augment ? "Training" : "Evaluation", count, warmupBatches, repeats, batches, batchSize);
                console.flush();
                DecodeThroughput.Result r = DecodeThroughput.measure(augment ? data.training() : data.evaluation(),
                        augment, plan);
                console.printf(Locale.ROOT, "  %.1f images/s (median), others used %s of the CPU%n", r.median(),
                        MarkdownSection.percent(r.othersCpu()));
                throughput.add(new DecodeThroughput.Row(augment, count, r));
            }
        }
        List<DataWaitBench.Result> waits = new ArrayList<>();
        for (String name : backbones) {
            Backbone backbone = BACKBONES.get(name);
            console.printf(Locale.ROOT, "Training loop with %s: %d warm-up + %d timed iterations...%n",
                    backbone.label(), warmup, iterations);
            console.flush();
            DataWaitBench.Result r = DataWaitBench.run(backbone.label(), with(config, backbone.settings()), registries,
                    warmup, iterations);
            console.printf(Locale.ROOT, "  %.3f s/iter, %.1f %% of it waiting for data%n", r.secondsPerIteration(),
                    100 * r.waitShare());
            waits.add(r);
        }
        return section(config, source, throughput, waits);
    }

    private List<Integer> workerCounts() {
        List<Integer> counts = workers != null ? workers
                : List.of(1, 2, Runtime.getRuntime().availableProcessors());
        return counts.stream().distinct().toList();
    }

    private static MetricDataset dataset(Config config, Registries registries) {
        try (NDManager manager = NDManager.newBaseManager()) {
            return new ComponentAssembler(config, registries, manager,
                    org.jdml.runner.assembly.RunFacts.readable(config), Optional.empty()).assemble(java.util.Set.of()).dataset();
        }
    }

    /** {@code base} with HOCON lines on top. */
    private static Config with(Config base, List<String> lines) {
        if (lines.isEmpty()) {
            return base;
        }
        Config top = ConfigFactory.parseString(String.join("\n", lines),
                ConfigParseOptions.defaults().setOriginDescription("jdml bench data"));
        return top.withFallback(base).resolve();
    }

    String section(Config config, String source, List<DecodeThroughput.Row> throughput,
            List<DataWaitBench.Result> waits) {
        String dataset = datasetPath(config);
        int itemSize = config.getInt(dataset + ".size");
        int workersSetting = config.getInt(dataset + ".workers");
        StringBuilder text = new StringBuilder(HEADING).append("\n\n");
        text.append(String.format(Locale.ROOT, "Measured with `jdml bench data` on %s on %s; items 3 x %d x %d, "
                + "batches of %d. Machine: %s, Java %s; engine intra-op threads: %d. \"Others\" is the share of all "
                + "cores that other processes used during the row's measurement (from /proc/stat): a large share "
                + "makes a row slower than the machine is.%n%n",
                LocalDate.now(), source, itemSize, itemSize, config.getInt("jdml.train.batch-size"),
                LossBenchCommand.describeMachine(), System.getProperty("java.version"), EngineSetup.threads()));
        text.append(String.format(Locale.ROOT, "Decoding and transforming batches of random items on `workers` "
                + "threads (the dataset's read, as the training loop's reader calls it): images per second, the "
                + "median of %d repeats of %d batches after %d warm-up batches.%n%n", repeats, batches, warmupBatches));
        text.append(DecodeThroughput.table(throughput, itemSize, config.getInt(dataset + ".resize")));
        text.append(String.format(Locale.ROOT, "%nThe training loop of the run (sampler %s, loss %s, optimizer %s, "
                + "prefetch %d, workers %s) with each backbone: %d timed iterations after %d warm-up. Waiting for "
                + "data is the time a step was blocked on a batch the background reader had not finished; the rest "
                + "of the step (not waiting) is its own work, which the reader's decoding slows where they share "
                + "cores.%n%n",
                config.getString("jdml.sampler.name"), config.getString("jdml.loss.name"),
                config.getString("jdml.train.optimizer"), config.getInt("jdml.train.prefetch"),
                workersSetting > 0 ? Integer.toString(workersSetting)
                        : Runtime.getRuntime().availableProcessors() + " (one per processor)",
                iterations, warmup));
        text.append(DataWaitBench.table(waits));
        return text.toString();
    }
}
