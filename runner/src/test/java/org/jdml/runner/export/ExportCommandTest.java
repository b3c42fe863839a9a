package org.jdml.runner.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.jdml.api.data.DataSplit;
import org.jdml.report.Npy;
import org.jdml.runner.Jdml;
import org.jdml.runner.assembly.Environment;
import org.jdml.runner.cli.TrainCommandTest;
import org.jdml.runner.command.ConfigOptions;
import org.jdml.runner.command.RunCommands;
import org.jdml.runner.engine.EngineSetup;
import org.jdml.runner.train.ImageFolderTrainingTest;
import org.jdml.runner.train.TrainedModel;
import org.jdml.testkit.PyTorchReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jdml export on trained runs: a resnet18 run's file loads into torchvision's resnet18 (fc as the
 * embedding layer, strict) and embeds the evaluation pictures as jdml does; a backbone without a
 * reference layout keeps jdml's names and says so; a folder that is not a run is a clear error.
 */
class ExportCommandTest {

    @TempDir
    static Path dir;
    static Path runs;
    static Path photos;

    static final List<String> COMMON = List.of("jdml.train.progress=false", "jdml.eval.progress=false",
            "jdml.run.threads=1");

    @BeforeAll
    static void pictures() throws IOException {
        EngineSetup.start(1);
        runs = dir.resolve("runs");
        photos = ImageFolderTrainingTest.writeImages(dir.resolve("photos"), 6);
    }

    static List<String> run(String name, String... backbone) {
        List<String> sets = new ArrayList<>(COMMON);
        sets.addAll(List.of("jdml.run.name=" + name, "jdml.dataset.name=image-folder",
                "jdml.dataset.image-folder.dir=\"" + photos + "\"", "jdml.dataset.image-folder.size=32",
                "jdml.dataset.image-folder.resize=36", "jdml.model.embedding-size=8", "jdml.sampler.m-per-class.m=6",
                "jdml.loss.name=test-pairs", "jdml.train.batch-size=12", "jdml.train.epochs=1",
                "jdml.train.iterations-per-epoch=2", "jdml.train.embed-batch-size=6"));
        sets.addAll(List.of(backbone));
        return sets;
    }

    @Test
    void aResnetRunLoadsIntoTorchvisionAndEmbedsAsJdmlDoes() throws Exception {
        String python = PyTorchReference.python();
        assumeTrue(python != null, PyTorchReference.MISSING);
        TrainCommandTest.Result trained = TrainCommandTest.run(runs, run("resnet-run", "jdml.backbone.name=resnet",
                "jdml.backbone.resnet.depth=18", "jdml.backbone.resnet.width=64"), "train");
        assertThat(trained.exit()).as(trained.err()).isZero();

        TrainCommandTest.Result exported = TrainCommandTest.run(runs, COMMON, "export", "resnet-run");
        assertThat(exported.exit()).as(exported.err()).isZero();
        Path file = runs.resolve("resnet-run").resolve("export").resolve("model.safetensors");
        assertThat(exported.out()).contains("Wrote " + file).contains("torchvision resnet18's")
                .contains("the embedding layer is fc (512 -> 8)");
        JsonObject description = JsonParser.parseString(
                Files.readString(file.resolveSibling("model.json"))).getAsJsonObject();
        assertThat(description.get("architecture").getAsString()).isEqualTo("torchvision resnet18");
        assertThat(description.get("embedding-size").getAsInt()).isEqualTo(8);
        assertThat(description.getAsJsonObject("input").getAsJsonArray("item-shape").toString())
                .isEqualTo("[3,32,32]");

        // the evaluation pictures as jdml prepares them, and jdml's embeddings of them
        Path items = dir.resolve("items.npy");
        float[] expected;
        RunCommands.Located located = RunCommands.locate(runs.resolve("resnet-run").toString(), new ConfigOptions(),
                ConfigFactory.empty());
        Environment environment = located.environment();
        Config config = environment.config();
        try (TrainedModel model = TrainedModel.load(config, environment.registries(), located.folder())) {
            DataSplit evaluation = model.dataset().evaluation();
            int[] all = IntStream.range(0, evaluation.size()).toArray();
            float[] values = evaluation.read(all, false, new Random(0));
            Npy.write(items, values, evaluation.size(), 3, 32, 32);
            NDArray embeddings = model.embedder().embedAll(evaluation, model.manager(), done -> {});
            expected = embeddings.toFloatArray();
        }

        Path out = dir.resolve("torchvision-embeddings.npy");
        PyTorchReference.run(python, Path.of("src/test/resources/export/torchvision-embed.py"),
                Path.of("..", "tools").toString(), file.toString(), items.toString(), out.toString());
        PyTorchReference.assertClose(Npy.readFloats(out), expected, "torchvision resnet18 with the exported weights");
    }

    @Test
    void aBackboneWithoutAReferenceLayoutKeepsJdmlsNames() throws IOException {
        TrainCommandTest.Result trained = TrainCommandTest.run(runs, run("conv-run", "jdml.backbone.name=small-conv",
                "jdml.backbone.small-conv.channels=[4, 8]"), "train");
        assertThat(trained.exit()).as(trained.err()).isZero();
        Path target = dir.resolve("elsewhere").resolve("conv.safetensors");
        Files.createDirectories(target.getParent());
        TrainCommandTest.Result exported = TrainCommandTest.run(runs, COMMON, "export", "conv-run", "--out",
                target.toString());
        assertThat(exported.exit()).as(exported.err()).isZero();
        assertThat(exported.out()).contains("has no reference layout");
        assertThat(target).exists();
        assertThat(target.resolveSibling("conv.json")).content().contains("\"names\": \"jdml\"");
    }

    @Test
    void aFolderThatIsNotARunIsNamed() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("not-a-run"));
        TrainCommandTest.Result exported = TrainCommandTest.run(runs, COMMON, "export", empty.toString());
        assertThat(exported.exit()).isEqualTo(Jdml.CONFIGURATION_ERROR);
        assertThat(exported.err()).contains(empty.toString()).doesNotContain("Exception");
    }
}
