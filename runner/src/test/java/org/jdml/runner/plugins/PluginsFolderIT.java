package org.jdml.runner.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jdml.api.ComponentKind;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.loss.LossFactory;
import org.jdml.api.loss.MetricLoss;
import org.jdml.api.mining.Tuples;
import org.jdml.runner.Jdml;
import org.jdml.runner.assembly.Environment;
import org.jdml.runner.config.RunConfigLoader;
import org.jdml.testkit.TestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worked example plugin under examples/ is built into a jar, dropped into a plugins folder, listed
 * by {@code jdml plugins} and selected by a run file; broken jars are reported by name.
 */
class PluginsFolderIT {

    private static final Path EXAMPLE = Path.of("..", "examples", "contrastive-loss").toAbsolutePath().normalize();

    @TempDir
    static Path work;

    static Path plugins;

    @BeforeAll
    static void buildExampleJar() throws IOException {
        plugins = work.resolve("plugins");
        exampleJar(plugins.resolve("example-contrastive-loss.jar"));
    }

    private static Path exampleJar(Path jar) throws IOException {
        return PluginJars.build(jar, List.of(EXAMPLE.resolve("src/main/java")),
                List.of(EXAMPLE.resolve("src/main/resources")), Map.of());
    }

    private record Result(int exitCode, String out, String err) {}

    private static Result jdml(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var line = Jdml.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int code = line.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void pluginsCommandListsThePluginWithItsJarAndSettings() {
        Result result = jdml("plugins", "--plugins", plugins.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("1 jar(s)")
                .contains("- example-contrastive (version DEVELOPMENT, jar: example-contrastive-loss.jar)")
                .contains("Contrastive loss: pulls positive pairs")
                .contains("negative-margin = 0.5")
                .contains("# Negative pairs farther apart than this cost nothing");
    }

    @Test
    void runFileSelectsThePluginLossAndOverridesItsDefaults() throws IOException {
        Path runFile = work.resolve("run.conf");
        Files.writeString(runFile, """
                jdml.loss.name = example-contrastive
                jdml.loss.example-contrastive.negative-margin = 0.7
                """);
        Environment environment = Environment.load(RunConfigLoader.of(java.util.Optional.of(runFile),
                List.of("jdml.plugins.dir = \"" + plugins + "\"")));
        LossFactory factory = environment.registries().of(ComponentKind.LOSS).selected(environment.config()).orElseThrow();
        assertThat(factory.name()).isEqualTo("example-contrastive");
        assertThat(factory.getClass().getClassLoader().getName()).isEqualTo("plugin:example-contrastive-loss.jar");

        ComponentSettings settings = ComponentSettings.resolve("jdml.loss.example-contrastive",
                "loss 'example-contrastive'", environment.config(),
                com.typesafe.config.ConfigFactory.defaultReference(environment.classLoader()));
        assertThat(settings.getDouble("negative-margin")).isEqualTo(0.7);
        try (NDManager manager = NDManager.newBaseManager()) {
            MetricLoss loss = factory.create(settings, TestContext.builder(manager).build());
            assertThat(settings.problems()).isEmpty();
            NDArray e = manager.create(new float[] {1, 0, 0.8f, 0.6f, 0, 1, -1, 0}, new Shape(4, 2));
            float value = loss.compute(e, manager.create(new long[] {0, 0, 1, 1}), Tuples.all()).loss().getFloat();
            assertThat(value).isFinite().isPositive();
        }
    }

    @Test
    void factoryThatThrowsIsReportedNamingItsJar() throws IOException {
        Path folder = work.resolve("broken");
        PluginJars.build(folder.resolve("acme-broken-loss.jar"), List.of(), List.of(), Map.of(
                "src:org/acme/BrokenLossFactory.java", """
                        package org.acme;
                        public final class BrokenLossFactory implements org.jdml.api.loss.LossFactory {
                            public BrokenLossFactory() { throw new IllegalStateException("no licence key"); }
                            public String name() { return "acme-broken"; }
                            public org.jdml.api.loss.MetricLoss create(org.jdml.api.config.ComponentSettings s,
                                    org.jdml.api.ComponentContext c) { return null; }
                        }
                        """,
                "META-INF/services/org.jdml.api.loss.LossFactory", "org.acme.BrokenLossFactory\n"));
        Result result = jdml("plugins", "--plugins", folder.toString());
        assertThat(result.exitCode()).isEqualTo(Jdml.CONFIGURATION_ERROR);
        assertThat(result.err())
                .contains("org.acme.BrokenLossFactory in acme-broken-loss.jar could not be instantiated")
                .contains("no licence key");
    }

    @Test
    void duplicateNameIsReportedNamingBothJars() throws IOException {
        Path folder = work.resolve("duplicate");
        exampleJar(folder.resolve("example-contrastive-loss.jar"));
        exampleJar(folder.resolve("example-contrastive-loss-copy.jar"));
        Result result = jdml("plugins", "--plugins", folder.toString());
        assertThat(result.exitCode()).isEqualTo(Jdml.CONFIGURATION_ERROR);
        assertThat(result.err())
                .contains("Loss 'example-contrastive' is registered by both example-contrastive-loss-copy.jar")
                .contains("and example-contrastive-loss.jar");
    }

    @Test
    void entriesThatAreNotJarsAreErrorsNamingTheFile() throws IOException {
        Path folder = java.nio.file.Files.createDirectories(work.resolve("garbage"));
        java.nio.file.Files.write(folder.resolve("empty.jar"), new byte[0]);
        byte[] noise = new byte[4096];
        new java.util.Random(3).nextBytes(noise);
        java.nio.file.Files.write(folder.resolve("noise.jar"), noise);
        Result result = jdml("plugins", "--plugins", folder.toString());
        assertThat(result.exitCode()).isEqualTo(Jdml.CONFIGURATION_ERROR);
        assertThat(result.err()).contains("empty.jar is not a readable jar").contains("noise.jar is not a readable jar")
                .doesNotContain("\tat ");
    }

    @Test
    void aServiceFileNamingAMissingClassNamesTheJar() throws IOException {
        Path folder = work.resolve("missing-class");
        PluginJars.build(folder.resolve("acme-hollow-loss.jar"), List.of(), List.of(), Map.of(
                "src:org/acme/Unrelated.java", "package org.acme;\npublic final class Unrelated {}\n",
                "META-INF/services/org.jdml.api.loss.LossFactory", "org.acme.NotThere\n"));
        Result result = jdml("plugins", "--plugins", folder.toString());
        assertThat(result.exitCode()).isEqualTo(Jdml.CONFIGURATION_ERROR);
        assertThat(result.err()).contains("org.acme.NotThere").contains("acme-hollow-loss.jar").doesNotContain("\tat ");
    }

    @Test
    void namedPluginsFolderThatDoesNotExistIsAnError() {
        Result result = jdml("plugins", "--plugins", work.resolve("no-such-folder").toString());
        assertThat(result.exitCode()).isEqualTo(Jdml.CONFIGURATION_ERROR);
        assertThat(result.err()).contains("no-such-folder").contains("does not exist");
    }

    @Test
    void resumeEvalAndEmbedLoadThePluginsTheRunWasTrainedWith() throws IOException {
        Path folder = exampleJar(work.resolve("resume-plugins").resolve("example-contrastive-loss.jar")).getParent();
        Path runs = work.resolve("resume-runs");
        List<String> common = List.of("--set", "jdml.run.dir=\"" + runs + "\"", "--set", "jdml.dataset.name=synthetic",
                "--set", "jdml.backbone.name=mlp", "--set", "jdml.loss.name=example-contrastive", "--set",
                "jdml.train.progress=false", "--set", "jdml.eval.progress=false", "--set", "jdml.run.threads=1",
                "--set", "jdml.report.retrieval.enabled=false");
        List<String> train = new java.util.ArrayList<>(List.of("train", "--plugins", folder.toString(), "--set",
                "jdml.run.name=with-plugin", "--set", "jdml.train.epochs=1"));
        train.addAll(common);
        Result trained = jdml(train.toArray(String[]::new));
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        Path run = runs.resolve("with-plugin");
        long firstEpoch = newestCheckpoint(run);
        assertThat(Files.readString(run.resolve("config.conf"))).as("the folder is recorded, absolute")
                .contains(folder.toAbsolutePath().toString());

        // no --plugins: the run's recorded folder, not ./plugins, provides the loss
        Result resumed = jdml("train", "--resume", run.toString(), "--set", "jdml.train.epochs=2", "--set",
                "jdml.train.progress=false", "--set", "jdml.eval.progress=false");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(newestCheckpoint(run)).as("the second epoch was trained").isEqualTo(2 * firstEpoch);
        Result evaluated = jdml("eval", run.toString(), "--set", "jdml.eval.progress=false");
        assertThat(evaluated.exitCode()).as(evaluated.err()).isZero();
        Result embedded = jdml("embed", run.toString(), "--dataset", "synthetic", "--out", work.resolve("e.npy").toString());
        assertThat(embedded.exitCode()).as(embedded.err()).isZero();

        // the jar gone: one paragraph naming the component, its jar and the folder
        Files.move(folder.resolve("example-contrastive-loss.jar"), work.resolve("moved-away.jar"));
        for (String[] command : List.of(new String[] {"eval", run.toString()},
                new String[] {"train", "--resume", run.toString(), "--set", "jdml.train.epochs=3"})) {
            Result missing = jdml(command);
            assertThat(missing.exitCode()).as(missing.err()).isEqualTo(Jdml.CONFIGURATION_ERROR);
            assertThat(missing.err()).contains("was trained with the loss 'example-contrastive' (from "
                    + "example-contrastive-loss.jar)").contains(folder.toAbsolutePath().toString())
                    .contains("--plugins DIR").doesNotContain("\tat ");
        }
        // naming the folder that holds it now works
        Path elsewhere = Files.createDirectories(work.resolve("elsewhere"));
        Files.move(work.resolve("moved-away.jar"), elsewhere.resolve("example-contrastive-loss.jar"));
        Result named = jdml("eval", run.toString(), "--plugins", elsewhere.toString(), "--set", "jdml.eval.progress=false");
        assertThat(named.exitCode()).as(named.err()).isZero();
    }

    private static long newestCheckpoint(Path run) throws IOException {
        try (var files = Files.list(run.resolve("checkpoints"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".ckpt"))
                    .mapToLong(org.jdml.runner.checkpoint.CheckpointStore::iterationOf).max().orElse(-1);
        }
    }
}
