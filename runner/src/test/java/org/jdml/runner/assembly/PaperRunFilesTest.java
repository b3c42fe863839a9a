package org.jdml.runner.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jdml.runner.cli.TrainCommandTest;
import org.jdml.runner.config.RunConfigLoader;
import org.jdml.runner.engine.EngineSetup;
import org.jdml.runner.train.ImageFolderTrainingTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The papers' run files in {@code examples/papers/}: one per paper and dataset (CUB and Cars for the
 * four papers, SOP for the two that report it), each naming the Recall@1 it aims at and a pretrained
 * backbone at the papers' 224 x 224. Each one trains and evaluates as written, with only the data (a
 * small folder of pictures at 32 x 32), the weights (random), the batch and the length swapped.
 */
class PaperRunFilesTest {

    private static final Path PAPERS = Path.of("..", "examples", "papers");

    @TempDir
    static Path dir;
    static Path photos;

    @BeforeAll
    static void pictures() throws IOException {
        EngineSetup.start(1);
        photos = ImageFolderTrainingTest.writeImages(dir.resolve("photos"), 6);
    }

    static Stream<String> files() throws IOException {
        try (Stream<Path> files = Files.list(PAPERS)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".conf")).sorted().toList()
                    .stream();
        }
    }

    @org.junit.jupiter.api.Test
    void everyPaperHasItsDatasets() throws IOException {
        assertThat(files()).containsExactlyInAnyOrder("smart-mining-cub.conf", "smart-mining-cars.conf",
                "softtriple-cub.conf", "softtriple-cars.conf", "softtriple-sop.conf", "proxy-nca-cub.conf",
                "proxy-nca-cars.conf", "proxy-nca-sop.conf", "centroid-bound-cub.conf", "centroid-bound-cars.conf");
    }

    @ParameterizedTest
    @MethodSource("files")
    void aRunFileNamesItsAimAndTrainsAsWritten(String name) throws IOException {
        Path file = PAPERS.resolve(name);
        assertThat(Files.readString(file)).as("%s names the number it aims at", name).containsPattern("Recall@1 \\d+\\.\\d+");
        Config config = Environment.load(RunConfigLoader.of(Optional.of(file), List.of())).config();
        String dataset = config.getString("jdml.dataset.name");
        assertThat(dataset).isIn("cub-200-2011", "cars196", "sop");
        assertThat(name).contains(dataset.equals("cub-200-2011") ? "-cub" : dataset.equals("cars196") ? "-cars" : "-sop");
        assertThat(config.getInt("jdml.dataset." + dataset + ".size")).isEqualTo(224);
        String backbone = config.getString("jdml.backbone.name");
        assertThat(backbone).isIn("googlenet", "bninception", "resnet");
        String weights = "jdml.backbone." + backbone + ".weights";
        assertThat(config.getString(weights)).as("%s starts from pretrained weights", name).isNotEmpty();

        List<String> sets = new ArrayList<>(List.of("jdml.train.progress=false", "jdml.eval.progress=false",
                "jdml.run.threads=1", "jdml.run.name=" + name.replace(".conf", ""),
                "jdml.dataset.name=image-folder", "jdml.dataset.image-folder.dir=\"" + photos + "\"",
                "jdml.dataset.image-folder.size=32", "jdml.dataset.image-folder.resize=36", weights + "=\"\"",
                "jdml.train.epochs=2", "jdml.train.iterations-per-epoch=2", "jdml.train.embed-batch-size=9",
                "jdml.eval.recall-at=[1, 2]"));
        if (config.getString("jdml.sampler.name").equals("smart-mining")) {
            sets.addAll(List.of("jdml.train.batch-size=12", "jdml.sampler.smart-mining.warmup-epochs=1"));
        } else {
            sets.addAll(List.of("jdml.train.batch-size=12", "jdml.sampler.m-per-class.m=4"));
        }
        // the file's channel order, value range, mean and std apply to the stand-in data too
        for (String key : List.of("channel-order", "value-range", "mean", "std", "flip", "crop-scale", "crop-ratio")) {
            String path = "jdml.dataset." + dataset + "." + key;
            if (config.hasPath(path)) {
                sets.add("jdml.dataset.image-folder." + key + "=" + config.getValue(path).render());
            }
        }
        TrainCommandTest.Result result = TrainCommandTest.run(dir.resolve("runs"), sets, "train", "-c",
                file.toString());
        assertThat(result.exit()).as(result.err()).isZero();
        Path run = dir.resolve("runs").resolve(name.replace(".conf", ""));
        assertThat(result.out()).contains("recall@1");
        assertThat(Files.readString(run.resolve("components.txt"))).contains("backbone " + backbone)
                .contains("loss " + config.getString("jdml.loss.name"));
        List<String> evaluations = Files.readAllLines(run.resolve("metrics.jsonl")).stream()
                .filter(line -> line.contains("\"type\":\"evaluation\"")).toList();
        assertThat(evaluations).hasSize(2);
    }
}
