package org.jdml.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jdml.runner.Jdml;
import org.jdml.runner.cli.TrainCommandTest.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input a user gives {@code jdml train}, each answered by one paragraph that names the file, key
 * or value and what was expected, a configuration exit code and no stack trace (docs/training.md,
 * "Errors"; BENCHMARKS.md, "Reliability", lists the same table).
 */
class BadInputTableTest {

    @TempDir
    Path dir;

    /** One bad input: the run file's text (or null), the --set lines, and what the message must name. */
    record Case(String name, String runFile, List<String> sets, List<String> mustName) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                new Case("a word for a number", null, List.of("jdml.train.batch-size=abc"),
                        List.of("--set jdml.train.batch-size", "'jdml.train.batch-size'", "expected an integer", "'abc'")),
                new Case("a list for a number", null, List.of("jdml.train.batch-size=[1,2]"),
                        List.of("'jdml.train.batch-size'", "expected a number, was [1,2]")),
                new Case("a string for a number in a run file", "jdml {\n  train.batch-size = \"lots\"\n}\n", List.of(),
                        List.of("run.conf: 2", "'jdml.train.batch-size'", "expected an integer", "'lots'")),
                new Case("a fraction for a count", null, List.of("jdml.train.epochs=2.5"),
                        List.of("'jdml.train.epochs'", "expected an integer, was 2.5")),
                new Case("a misspelt section", null, List.of("jdml.trian.epochs=3"),
                        List.of("--set jdml.trian.epochs", "'jdml.trian'", "Did you mean 'jdml.train'?")),
                new Case("an unknown key of a known section", null, List.of("jdml.train.epoch=3"),
                        List.of("Unknown settings for training: [epoch]", "--set jdml.train.epoch")),
                new Case("an include that is not there", "include \"base.conf\"\njdml.train.epochs = 1\n", List.of(),
                        List.of("include \"base.conf\"", "there is no file", "base.conf")),
                new Case("m that does not divide the batch", "jdml.train.batch-size = 100\n",
                        List.of("jdml.sampler.m-per-class.m=24"),
                        List.of("'jdml.sampler.m-per-class.m'", "jdml.train.batch-size = 100 (", "run.conf: 1)")),
                new Case("a bad evaluation setting", null, List.of("jdml.eval.kmeans-restarts=0"),
                        List.of("jdml.eval.kmeans-restarts", "must be >= 1")),
                new Case("a misspelt evaluation setting", null, List.of("jdml.eval.recal-at=[1]"),
                        List.of("recal-at", "--set jdml.eval.recal-at")),
                new Case("float16 on the CPU", null, List.of("jdml.train.precision=fp16"),
                        List.of("--set jdml.train.precision", "'jdml.train.precision'", "'fp16' cannot run natively on cpu()",
                                "float16 training kernels", "Use fp32, or auto")),
                new Case("a loss scale that is not a power of two", null,
                        List.of("jdml.train.loss-scaling=dynamic", "jdml.train.loss-scale.initial=1000"),
                        List.of("'jdml.train.loss-scale.initial'", "must be a power of two", "was 1000")),
                new Case("an unknown precision", null, List.of("jdml.train.embed-precision=half"),
                        List.of("'jdml.train.embed-precision'", "[train, fp32, bf16, fp16, auto]", "'half'")),
                new Case("an image network on vectors", null, List.of("jdml.dataset.name=synthetic",
                        "jdml.backbone.name=small-conv"),
                        List.of("'small-conv' (jdml.backbone.name)", "'synthetic'", "vectors of 16", "mlp for vectors")))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isOneParagraphNamingTheSettingWithAConfigurationExitCode(Case bad) throws IOException {
        List<String> sets = new ArrayList<>(List.of("jdml.train.progress=false", "jdml.eval.progress=false",
                "jdml.run.threads=1", "jdml.dataset.synthetic.items-per-class=20"));
        if (bad.sets().stream().noneMatch(s -> s.startsWith("jdml.dataset.name"))) {
            sets.add("jdml.dataset.name=synthetic");
            sets.add("jdml.backbone.name=mlp");
        }
        sets.addAll(bad.sets());
        List<String> args = new ArrayList<>(List.of("train"));
        if (bad.runFile() != null) {
            Path file = dir.resolve("run.conf");
            Files.writeString(file, bad.runFile());
            args.addAll(List.of("-c", file.toString()));
        }
        Result result = TrainCommandTest.run(dir.resolve("runs"), sets, args.toArray(String[]::new));
        assertThat(result.exit()).as(result.err()).isEqualTo(Jdml.CONFIGURATION_ERROR);
        for (String name : bad.mustName()) {
            assertThat(result.err()).as(bad.name()).contains(name);
        }
        assertThat(result.err()).doesNotContain("\tat ").doesNotContain("Exception:").doesNotContain("Caused by");
        // a problem is reported once, not once as a type error and again as a range error
        Matcher key = Pattern.compile("Invalid value at '([^']+)'").matcher(result.err());
        List<String> keys = new ArrayList<>();
        while (key.find()) {
            keys.add(key.group(1));
        }
        assertThat(keys).doesNotHaveDuplicates();
        // nothing was trained and nothing is left behind: no run folder at all
        assertThat(Files.exists(dir.resolve("runs")) ? runFolders(dir.resolve("runs")) : List.of()).isEmpty();
    }

    @Test
    void aRunsFolderThatCannotBeCreatedIsNamedWithTheReason() throws IOException {
        Path blocker = Files.writeString(dir.resolve("runs"), "a file where a folder should go");
        Result result = TrainCommandTest.run(blocker, List.of("jdml.dataset.name=synthetic",
                "jdml.backbone.name=mlp", "jdml.train.progress=false"), "train");
        assertThat(result.exit()).as(result.err()).isNotZero().isNotEqualTo(1);
        assertThat(result.err()).contains(blocker.toString()).contains("Cannot create the run folder")
                .doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(Files.readString(blocker)).as("nothing was written over").isEqualTo("a file where a folder should go");
    }

    @Test
    void aMisspeltSystemPropertyIsRejectedLikeTheSameSet() {
        System.setProperty("jdml.train.epoch", "3");
        ConfigFactory.invalidateCaches();
        try {
            Result result = TrainCommandTest.run(dir.resolve("runs"), List.of("jdml.dataset.name=synthetic",
                    "jdml.backbone.name=mlp"), "train");
            assertThat(result.exit()).isEqualTo(Jdml.CONFIGURATION_ERROR);
            assertThat(result.err()).contains("Unknown settings for training: [epoch] (system properties)");
        } finally {
            System.clearProperty("jdml.train.epoch");
            ConfigFactory.invalidateCaches();
        }
    }

    @Test
    void embeddingAnotherKindOfDataWithAnImageModelNamesBoth() throws IOException {
        Path photos = org.jdml.runner.train.ImageFolderTrainingTest.writeImages(dir.resolve("photos"), 4);
        Path runs = dir.resolve("runs");
        Result trained = TrainCommandTest.run(runs, List.of("jdml.run.name=photos", "jdml.dataset.name=image-folder",
                "jdml.dataset.image-folder.dir=\"" + photos + "\"", "jdml.dataset.image-folder.size=24",
                "jdml.dataset.image-folder.resize=28", "jdml.backbone.small-conv.channels=[8, 16]",
                "jdml.sampler.m-per-class.m=6", "jdml.train.batch-size=12", "jdml.train.epochs=1",
                "jdml.train.iterations-per-epoch=2", "jdml.train.progress=false", "jdml.eval.progress=false",
                "jdml.report.retrieval.enabled=false", "jdml.run.threads=1"), "train");
        assertThat(trained.exit()).as(trained.err()).isZero();
        Result embed = TrainCommandTest.run(runs, List.of(), "embed", runs.resolve("photos").toString(),
                "--dataset", "synthetic", "--out", dir.resolve("e.npy").toString());
        assertThat(embed.exit()).as(embed.err()).isEqualTo(Jdml.CONFIGURATION_ERROR);
        assertThat(embed.err()).contains("'small-conv' (jdml.backbone.name)").contains("'synthetic'")
                .contains("vectors of").doesNotContain("\tat ");
    }

    private static List<Path> runFolders(Path runs) throws IOException {
        try (Stream<Path> files = Files.list(runs)) {
            return files.toList();
        }
    }
}
