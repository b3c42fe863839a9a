package org.jdml.runner.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jdml.runner.Jdml;
import org.jdml.runner.cli.TrainCommandTest;
import org.jdml.runner.engine.EngineSetup;
import org.jdml.report.Npy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jdml index, then jdml search by picture, by item and by vectors, on a trained image-folder run. */
class SearchCommandTest {

    @TempDir
    static Path dir;
    static Path runs;
    static Path photos;

    @BeforeAll
    static void trainAndIndex() throws IOException {
        EngineSetup.start(1);
        runs = dir.resolve("runs");
        photos = RetrievalRuns.writeImages(dir.resolve("photos"));
        TrainCommandTest.Result trained = RetrievalRuns.run(runs, RetrievalRuns.imageRun(photos, "photos"), "train");
        assertThat(trained.exit()).as(trained.err()).isZero();
        TrainCommandTest.Result indexed = RetrievalRuns.run(runs, RetrievalRuns.COMMON, "index", "photos", "--dataset",
                "image-folder", "--split", "evaluation");
        assertThat(indexed.exit()).as(indexed.err()).isZero();
        assertThat(indexed.out()).contains("Indexed 18 items of image-folder's evaluation split");
    }

    @Test
    void searchesByPictureItemAndVectors() throws IOException {
        // evaluation classes are class-3..5 (the last half by name); the index holds them in that order
        Path picture = photos.resolve("class-4").resolve("img-2.png");
        Path missing = dir.resolve("no-such.jpg");
        Path broken = Files.writeString(dir.resolve("broken.png"), "not a picture");
        Path vectors = runs.resolve("photos").resolve("embeddings").resolve("eval-embeddings.npy");
        TrainCommandTest.Result result = RetrievalRuns.run(runs, RetrievalRuns.COMMON, "search", "photos",
                "--image", picture.toString(), "--image", missing.toString(), "--image", broken.toString(),
                "--item", "7", "--vectors", vectors.toString(), "-k", "3", "--format", "json");
        assertThat(result.exit()).as(result.err()).isEqualTo(Jdml.DATA_ERROR);
        assertThat(result.err()).contains(missing.toString()).contains(broken.toString());
        JsonArray answers = JsonParser.parseString(result.out()).getAsJsonArray();
        assertThat(answers).hasSize(3 + 1 + 18);

        // the picture is item 8 of the index (class-4's third image): itself, at distance 0
        JsonObject byPicture = answers.get(0).getAsJsonObject();
        assertThat(byPicture.get("query").getAsString()).isEqualTo(picture.toString());
        JsonObject first = byPicture.getAsJsonArray("neighbours").get(0).getAsJsonObject();
        assertThat(first.get("source").getAsString()).isEqualTo(picture.toString());
        assertThat(first.get("item").getAsInt()).isEqualTo(8);
        assertThat(first.get("class").getAsString()).isEqualTo("class-4");
        assertThat(first.get("distance").getAsDouble()).isLessThan(1e-3);
        assertThat(byPicture.getAsJsonArray("neighbours")).hasSize(3);

        assertThat(answers.get(1).getAsJsonObject().get("error").getAsString()).contains(missing.toString());
        assertThat(answers.get(2).getAsJsonObject().get("error").getAsString()).contains(broken.toString());

        JsonObject byItem = answers.get(3).getAsJsonObject();
        JsonObject itemFirst = byItem.getAsJsonArray("neighbours").get(0).getAsJsonObject();
        assertThat(itemFirst.get("item").getAsInt()).isEqualTo(7);
        assertThat(itemFirst.get("distance").getAsDouble()).isZero();

        // the run's own evaluation embeddings (same checkpoint): each row finds its own item first
        for (int row = 0; row < 18; row++) {
            JsonObject byVector = answers.get(4 + row).getAsJsonObject();
            assertThat(byVector.get("query").getAsString()).isEqualTo("eval-embeddings.npy row " + row);
            JsonObject hit = byVector.getAsJsonArray("neighbours").get(0).getAsJsonObject();
            assertThat(hit.get("item").getAsInt()).isEqualTo(row);
            assertThat(hit.get("distance").getAsDouble()).isLessThan(1e-3);
        }
        int[] labels = Npy.readInts(runs.resolve("photos").resolve("embeddings").resolve("eval-labels.npy"));
        assertThat(itemFirst.get("label").getAsInt()).isEqualTo(labels[7]);
    }

    @Test
    void tablePrintsEachQueryWithItsNeighbours() {
        TrainCommandTest.Result result = RetrievalRuns.run(runs, RetrievalRuns.COMMON, "search", "photos", "--item", "0",
                "-k", "2");
        assertThat(result.exit()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("item 0");
        assertThat(lines.get(1)).contains("rank").contains("distance").contains("label").contains("class")
                .contains("source");
        assertThat(lines.get(2)).matches("\\s+1\\s+0\\.0000\\s+0\\s+3\\s+class-3\\s+.*class-3.img-0\\.png");
        assertThat(lines).hasSize(5);
    }

    @Test
    void anIndexOfAnotherModelIsRefused() {
        TrainCommandTest.Result other = RetrievalRuns.run(runs, RetrievalRuns.imageRun(photos, "other"),
                "train", "--set", "jdml.run.seed=5");
        assertThat(other.exit()).as(other.err()).isZero();
        TrainCommandTest.Result refused = RetrievalRuns.run(runs, RetrievalRuns.COMMON, "search", "other", "--index",
                runs.resolve("photos").resolve("index").toString(), "--item", "0");
        assertThat(refused.exit()).isEqualTo(Jdml.CONFIGURATION_ERROR);
        assertThat(refused.err()).contains("built by another model").contains("run: photos in the index, other");
    }

    @Test
    void aHalfWrittenIndexIsRefused() throws IOException {
        Path copy = dir.resolve("half");
        Files.createDirectories(copy);
        try (var files = Files.list(runs.resolve("photos").resolve("index"))) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals("manifest.json")) {
                    Files.copy(f, copy.resolve(f.getFileName()));
                }
            }
        }
        TrainCommandTest.Result refused = RetrievalRuns.run(runs, RetrievalRuns.COMMON, "search", "photos", "--index",
                copy.toString(), "--item", "0");
        assertThat(refused.exit()).isEqualTo(Jdml.CONFIGURATION_ERROR);
        assertThat(refused.err()).contains("is incomplete").contains(copy.toString());
    }
}
