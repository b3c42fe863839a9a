package org.jdml.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdml.runner.Jdml;
import org.jdml.runner.engine.EngineSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Also the command-line helpers other commands' tests run jdml with. */
public class TrainCommandTest {

    /** A small synthetic run of 2 epochs. */
    public static final List<String> SMALL = List.of(
            "jdml.dataset.name=synthetic",
            "jdml.dataset.synthetic.items-per-class=20",
            "jdml.backbone.name=mlp",
            "jdml.backbone.mlp.hidden=[16]",
            "jdml.model.embedding-size=8",
            "jdml.sampler.m-per-class.m=4",
            "jdml.loss.name=test-pairs",
            "jdml.train.batch-size=16",
            "jdml.train.epochs=2",
            "jdml.train.progress=false",
            "jdml.eval.progress=false",
            "jdml.run.threads=1",
            "jdml.checkpoint.every-iterations=4");

    @TempDir
    Path runs;

    public record Result(int exit, String out, String err) {}

    @BeforeAll
    static void oneThread() {
        EngineSetup.start(1);
    }

    /** Runs {@code jdml args} with {@code --set}s, the runs folder and an empty plugins folder beside it. */
    public static Result run(Path runs, List<String> sets, String... args) {
        // an empty plugins folder beside the runs: only the classpath's components
        Path plugins = runs.resolveSibling(runs.getFileName() + "-plugins");
        try {
            Files.createDirectories(plugins);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<String> all = new ArrayList<>(List.of(args));
        for (String set : sets) {
            all.add("--set");
            all.add(set);
        }
        all.add("--set");
        all.add("jdml.run.dir=\"" + runs + "\"");
        all.add("--plugins");
        all.add(plugins.toString());
        CommandLine line = Jdml.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(err));
        int exit = line.execute(all.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void aSmallRunFillsItsFolder() throws IOException {
        List<String> sets = new ArrayList<>(SMALL);
        sets.add("jdml.run.name=small");
        Result result = run(runs, sets, "train");
        assertThat(result.exit()).as(result.err()).isZero();
        Path dir = runs.resolve("small");
        assertThat(result.out()).contains("Run folder: " + dir).contains("recall@1");
        assertThat(dir.resolve("config.conf")).exists();
        assertThat(Files.readString(dir.resolve("components.txt"))).contains("loss test-pairs").contains("backbone mlp");
        assertThat(dir.resolve("components.json")).exists();
        assertThat(dir.resolve("embeddings/eval-embeddings.npy")).exists();
        assertThat(dir.resolve("embeddings/eval-labels.npy")).exists();
        List<String> lines = Files.readAllLines(dir.resolve("metrics.jsonl"));
        // 8 classes x 20 items / 16 = 10 iterations per epoch, 2 epochs, an epoch line and an evaluation after each
        assertThat(lines).hasSize(24);
        JsonObject first = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertThat(first.get("type").getAsString()).isEqualTo("iteration");
        assertThat(first.get("iteration").getAsLong()).isZero();
        assertThat(first.get("epoch").getAsInt()).isEqualTo(1);
        assertThat(first.has("loss") && first.has("lr") && first.has("seconds") && first.has("knobs")).isTrue();
        JsonObject epoch = JsonParser.parseString(lines.get(10)).getAsJsonObject();
        assertThat(epoch.get("type").getAsString()).isEqualTo("epoch");
        assertThat(epoch.get("epoch").getAsInt()).isEqualTo(1);
        assertThat(epoch.get("iteration").getAsLong()).isEqualTo(10);
        assertThat(epoch.get("seconds").getAsDouble()).isPositive();
        assertThat(epoch.get("data-wait-share").getAsDouble()).isBetween(0.0, 1.0);
        assertThat(epoch.get("sampler-share").getAsDouble()).isBetween(0.0, 1.0);
        JsonObject evaluation = JsonParser.parseString(lines.get(11)).getAsJsonObject();
        assertThat(evaluation.get("type").getAsString()).isEqualTo("evaluation");
        assertThat(evaluation.get("iteration").getAsLong()).isEqualTo(10);
        assertThat(evaluation.getAsJsonObject("metrics").has("recall@1")).isTrue();
        // every 4 iterations and at each epoch's end: 4, 8, 10, 12, 16, 20; the newest 3 are kept
        try (var files = Files.list(dir.resolve("checkpoints"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                    "checkpoint-00000012.ckpt", "checkpoint-00000016.ckpt", "checkpoint-00000020.ckpt");
        }
        // the written config repeats the run
        Result again = run(runs, List.of("jdml.run.name=again"), "train", "-c", dir.resolve("config.conf").toString());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(metricsWithoutTimes(runs.resolve("again"))).isEqualTo(metricsWithoutTimes(dir));

        Result eval = run(runs, List.of(), "eval", "small");
        assertThat(eval.exit()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("recall@1");
        List<String> after = Files.readAllLines(dir.resolve("metrics.jsonl"));
        assertThat(after).hasSize(25);
        JsonObject reevaluated = JsonParser.parseString(after.get(24)).getAsJsonObject();
        assertThat(reevaluated.getAsJsonObject("metrics")).isEqualTo(
                JsonParser.parseString(lines.get(23)).getAsJsonObject().getAsJsonObject("metrics"));

        Path out = runs.resolve("train-embeddings.npy");
        Result embed = run(runs, List.of(), "embed", "small", "--dataset", "synthetic", "--split", "train",
                "--out", out.toString());
        assertThat(embed.exit()).as(embed.err()).isZero();
        assertThat(out).exists();
        assertThat(runs.resolve("train-embeddings-labels.npy")).exists();
    }

    /** The metrics log with the wall-clock fields taken out. */
    static List<String> metricsWithoutTimes(Path dir) throws IOException {
        return Files.readAllLines(dir.resolve("metrics.jsonl")).stream().map(line -> {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            o.remove("seconds");
            o.remove("data-wait-share");
            o.remove("sampler-share");
            return o.toString();
        }).toList();
    }

    @Test
    void badSettingsAreRejectedTogetherWithTheirOrigins() {
        List<String> sets = new ArrayList<>(SMALL);
        sets.addAll(List.of("jdml.run.device=tpu", "jdml.train.learning-rate=-0.1", "jdml.train.schedule.name=linear",
                "jdml.loss.test-pairs.margin=0"));
        Result result = run(runs, sets, "train");
        assertThat(result.exit()).isEqualTo(Jdml.CONFIGURATION_ERROR);
        assertThat(result.err())
                .contains("--set jdml.run.device: 1: Invalid value at 'jdml.run.device': must be auto, cpu, gpu, gpu:N")
                .contains("was 'tpu'")
                .contains("--set jdml.train.learning-rate: 1: Invalid value at 'jdml.train.learning-rate': must be > 0")
                .contains("Invalid value at 'jdml.train.schedule.name': must be one of [constant, step, cosine]")
                .contains("was 'linear'")
                .contains("Invalid value at 'jdml.loss.test-pairs.margin': must be > 0");
        assertThat(runs).isEmptyDirectory();
    }

    @Test
    void aGpuThatDoesNotExistIsAConfigurationError() {
        List<String> sets = new ArrayList<>(SMALL);
        sets.add("jdml.run.device=\"gpu:3\"");
        Result result = run(runs, sets, "train");
        assertThat(result.exit()).isEqualTo(Jdml.CONFIGURATION_ERROR);
        assertThat(result.err()).contains("jdml.run.device").contains("names GPU 3 but the engine sees");
    }

    @Test
    void aNanLossStopsTheRunNamingTheIterationAndTheLastCheckpoint() {
        List<String> sets = new ArrayList<>(SMALL);
        sets.addAll(List.of("jdml.loss.test-pairs.nan-at=5", "jdml.run.name=nan"));
        Result result = run(runs, sets, "train");
        assertThat(result.exit()).isEqualTo(TrainCommand.TRAINING_STOPPED);
        assertThat(result.err()).contains("The loss is NaN at iteration 5 (epoch 1)")
                .contains("The last good checkpoint is " + runs.resolve("nan/checkpoints/checkpoint-00000004.ckpt"))
                .contains("on-non-finite");
    }

    @Test
    void aDivergingLossStopsTheRunAndTheNamedCheckpointResumesWithALowerLearningRate() throws IOException {
        // unnormalised embeddings, centres at squared distances, plain SGD far too fast: the loss explodes
        List<String> sets = new ArrayList<>(SMALL);
        sets.addAll(List.of("jdml.run.name=diverge", "jdml.loss.name=test-centres", "jdml.model.normalize=false",
                "jdml.train.optimizer=sgd", "jdml.train.sgd.momentum=0", "jdml.train.learning-rate=30", "jdml.train.schedule.warmup-iterations=12",
                "jdml.checkpoint.every-iterations=1"));
        Result result = run(runs, sets, "train");
        assertThat(result.exit()).as(result.err()).isEqualTo(TrainCommand.TRAINING_STOPPED);
        java.util.regex.Matcher stop = java.util.regex.Pattern.compile(
                "The loss is \\S+, more than 1000 times its running level \\S+ \\(jdml.train.divergence-factor\\) at"
                + " iteration (\\d+)").matcher(result.err());
        assertThat(stop.find()).as(result.err()).isTrue();
        long failed = Long.parseLong(stop.group(1));
        java.util.regex.Matcher named = java.util.regex.Pattern.compile("The last good checkpoint is (\\S+) \\(after"
                + " iteration (\\d+)\\)").matcher(result.err());
        assertThat(named.find()).as(result.err()).isTrue();
        assertThat(Long.parseLong(named.group(2))).isLessThan(failed);
        // the checkpoints written from the diverged weights were moved aside, so --resume picks the named one
        try (var files = Files.list(runs.resolve("diverge/checkpoints"))) {
            List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            assertThat(names).contains(Path.of(named.group(1)).getFileName().toString())
                    .anySatisfy(n -> assertThat(n).endsWith(".ckpt.diverged"));
        }
        Result resumed = run(runs, List.of("jdml.train.learning-rate=0.01", "jdml.train.progress=false",
                "jdml.eval.progress=false"), "train", "--resume", runs.resolve("diverge").toString());
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        // the log was cut back to the named checkpoint and the run finished both epochs
        List<String> metrics = Files.readAllLines(runs.resolve("diverge/metrics.jsonl"));
        assertThat(metrics).anySatisfy(l -> assertThat(l).contains("\"type\":\"evaluation\"").contains("\"iteration\":20"));
        assertThat(metrics.stream().filter(l -> l.contains("\"type\":\"iteration\"")).count()).isEqualTo(20);
    }
}
