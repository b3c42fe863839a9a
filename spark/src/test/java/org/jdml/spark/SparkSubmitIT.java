package org.jdml.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jdml.runner.cli.TrainCommandTest;
import org.jdml.runner.engine.EngineSetup;
import org.jdml.runner.train.ImageFolderTrainingTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The submit jar under Spark's own {@code spark-submit} code ({@code org.apache.spark.deploy.SparkSubmit}),
 * in a JVM that has only Spark's jars besides it, as a cluster's driver would: it evaluates a run on
 * {@code local[2]} and gets {@code jdml eval}'s metrics.
 */
class SparkSubmitIT {

    @TempDir
    Path dir;

    @Test
    void theSubmitJarRunsUnderSparkSubmit() throws IOException, InterruptedException {
        EngineSetup.start(1);
        Path runs = dir.resolve("runs");
        Path photos = ImageFolderTrainingTest.writeImages(dir.resolve("photos"), 6);
        List<String> sets = new ArrayList<>(SparkCommandsTest.settings(photos));
        sets.remove("jdml.loss.name=test-pairs");   // a test loss: the submit jar has only jdml's own components
        TrainCommandTest.Result trained = TrainCommandTest.run(runs, sets, "train");
        assertThat(trained.exit()).as(trained.err()).isZero();
        TrainCommandTest.Result single = TrainCommandTest.run(runs, List.of(), "eval", "small");
        assertThat(single.exit()).as(single.err()).isZero();

        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(f -> f.getFileName().toString().endsWith("-submit.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no submit jar in target/ (mvn package builds it)"));
        }
        // the driver's classpath without jdml: Spark's jars and the libraries this JVM has beside them, as a
        // Spark installation has them; jdml, DJL and the engine come from the submit jar alone
        List<String> classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar") && !Path.of(entry).getFileName().toString().startsWith("jdml-")
                        && !entry.contains(File.separator + "ai" + File.separator + "djl" + File.separator))
                .toList();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-Dai.djl.offline=true"));
        command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect")).toList());
        command.addAll(List.of("-cp", String.join(File.pathSeparator, classpath), "org.apache.spark.deploy.SparkSubmit",
                "--master", "local[2]", "--conf", "spark.ui.enabled=false", "--class", SparkJob.class.getName(),
                jar.toAbsolutePath().toString(),
                "eval", runs.resolve("small").toString(), "--plugins", dir.resolve("no-plugins").toString()));
        Files.createDirectories(dir.resolve("no-plugins"));
        Path log = dir.resolve("submit.log");
        Process submit = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(submit.waitFor(5, TimeUnit.MINUTES)).as("spark-submit finished").isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(submit.exitValue()).as(output).isZero();
        assertThat(output).contains("On Spark (local[2])").contains("map@r");

        List<String> lines = Files.readAllLines(runs.resolve("small").resolve("metrics.jsonl"));
        JsonObject mine = null;
        JsonObject theirs = null;
        for (String line : lines) {
            JsonObject json = JsonParser.parseString(line).getAsJsonObject();
            if (json.has("source") && json.get("source").getAsString().equals("jdml eval")) {
                theirs = json;
            } else if (json.has("source") && json.get("source").getAsString().equals("jdml spark eval")) {
                mine = json;
            }
        }
        assertThat(mine).as("the submitted job's evaluation line").isNotNull();
        assertThat(theirs).isNotNull();
        assertThat(mine.get("metrics")).isEqualTo(theirs.get("metrics"));
    }
}
