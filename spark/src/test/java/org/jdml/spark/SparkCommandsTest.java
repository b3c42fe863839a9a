package org.jdml.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.jdml.report.Npy;
import org.jdml.runner.Jdml;
import org.jdml.runner.cli.TrainCommandTest;
import org.jdml.runner.engine.EngineSetup;
import org.jdml.runner.train.ImageFolderTrainingTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jdml spark embed|eval} on a small trained run, on {@code local[2]}: the same metrics as
 * {@code jdml eval}, the same vectors as {@code jdml embed}, unchanged by a failed and retried task,
 * and unreadable pictures handled by the dataset's rule.
 */
class SparkCommandsTest {

    @TempDir
    static Path dir;
    static Path runs;
    static Path photos;
    /** Small query blocks so that the 18 evaluation pictures make several tasks. */
    static final List<String> BLOCKS = List.of("jdml.eval.chunk-size=4");

    @BeforeAll
    static void trainedRun() throws IOException {
        EngineSetup.start(1);
        runs = dir.resolve("runs");
        photos = ImageFolderTrainingTest.writeImages(dir.resolve("photos"), 6);
        TrainCommandTest.Result trained = TrainCommandTest.run(runs, settings(photos), "train");
        assertThat(trained.exit()).as(trained.err()).isZero();
    }

    @AfterEach
    void noFaults() {
        TaskFaults.clear();
    }

    static List<String> settings(Path pictures) {
        return new ArrayList<>(List.of("jdml.train.progress=false", "jdml.eval.progress=false", "jdml.run.threads=1",
                "jdml.run.name=small", "jdml.dataset.name=image-folder",
                "jdml.dataset.image-folder.dir=\"" + pictures + "\"", "jdml.dataset.image-folder.size=24",
                "jdml.dataset.image-folder.resize=28", "jdml.backbone.name=small-conv",
                "jdml.backbone.small-conv.channels=[8, 16]", "jdml.model.embedding-size=16",
                "jdml.sampler.m-per-class.m=6", "jdml.loss.name=test-pairs", "jdml.train.batch-size=12",
                "jdml.train.epochs=1", "jdml.train.iterations-per-epoch=2", "jdml.train.embed-batch-size=5"));
    }

    private static TrainCommandTest.Result jdml(List<String> sets, String... args) {
        return TrainCommandTest.run(runs, sets, args);
    }

    /** The metrics of the newest evaluation line of the run's log that {@code source} wrote. */
    private static Map<String, Double> lastEvaluation(String source) throws IOException {
        List<String> lines = Files.readAllLines(runs.resolve("small").resolve("metrics.jsonl"));
        for (int i = lines.size() - 1; i >= 0; i--) {
            JsonObject line = JsonParser.parseString(lines.get(i)).getAsJsonObject();
            if (line.get("type").getAsString().equals("evaluation") && line.has("source")
                    && line.get("source").getAsString().equals(source)) {
                Map<String, Double> metrics = new LinkedHashMap<>();
                line.getAsJsonObject("metrics").entrySet().forEach(e -> metrics.put(e.getKey(), e.getValue().getAsDouble()));
                return metrics;
            }
        }
        throw new AssertionError("no evaluation by " + source + " in " + lines);
    }

    @Test
    void sparkEvaluationEqualsJdmlEvalExactly() throws IOException {
        TrainCommandTest.Result single = jdml(BLOCKS, "eval", "small");
        assertThat(single.exit()).as(single.err()).isZero();
        Map<String, Double> expected = lastEvaluation("jdml eval");
        assertThat(expected).containsKeys("recall@1", "nmi", "map@r", "r-precision");

        TrainCommandTest.Result spark = jdml(BLOCKS, "spark", "eval", "small", "--master", "local[2]", "--query-block", "8");
        assertThat(spark.exit()).as(spark.err()).isZero();
        assertThat(spark.out()).contains("3 tasks ranked 18 queries").contains("NMI from k-means on all 18 items");
        // Recall@K, MAP@R and R-precision bit for bit; NMI too, since k-means saw every item
        assertThat(lastEvaluation("jdml spark eval")).isEqualTo(expected);

        TrainCommandTest.Result parts = jdml(BLOCKS, "spark", "eval", "small", "--master", "local[2]", "--query-block", "8",
                "--gallery-parts", "3");
        assertThat(parts.exit()).as(parts.err()).isZero();
        assertThat(parts.out()).contains("12 tasks");   // 3 x 3 cells, then 3 merges
        assertThat(lastEvaluation("jdml spark eval")).isEqualTo(expected);
    }

    @Test
    void aTaskThatFailsIsRetriedAndChangesNothing() throws IOException {
        TrainCommandTest.Result clean = jdml(BLOCKS, "spark", "eval", "small", "--master", "local[2,4]", "--query-block", "8");
        assertThat(clean.exit()).as(clean.err()).isZero();
        Map<String, Double> expected = lastEvaluation("jdml spark eval");

        TaskFaults.failFirstAttempt("evaluate", 1);
        TrainCommandTest.Result retried = jdml(BLOCKS, "spark", "eval", "small", "--master", "local[2,4]", "--query-block",
                "8");
        assertThat(retried.exit()).as(retried.err()).isZero();
        assertThat(TaskFaults.fired()).isEqualTo(1);
        assertThat(lastEvaluation("jdml spark eval")).isEqualTo(expected);

        TaskFaults.failFirstAttempt("embed", 0);
        retried = jdml(BLOCKS, "spark", "eval", "small", "--master", "local[2,4]", "--query-block", "8");
        assertThat(retried.exit()).as(retried.err()).isZero();
        assertThat(TaskFaults.fired()).isEqualTo(1);
        assertThat(lastEvaluation("jdml spark eval")).isEqualTo(expected);
    }

    @Test
    void parquetEmbeddingsEqualJdmlEmbedsNpy() throws IOException {
        Path npy = dir.resolve("embedded.npy");
        TrainCommandTest.Result single = jdml(List.of(), "embed", "small", "--dataset", "image-folder", "--out",
                npy.toString());
        assertThat(single.exit()).as(single.err()).isZero();
        Path parquet = dir.resolve("embedded.parquet");
        TrainCommandTest.Result spark = jdml(List.of(), "spark", "embed", "small", "--dataset", "image-folder", "--out",
                parquet.toString(), "--master", "local[2]", "--partitions", "3");
        assertThat(spark.exit()).as(spark.err()).isZero();
        assertThat(spark.out()).contains("18 x 16").contains("3 partitions");
        assertThat(parquet.resolve(SparkEmbedCommand.SUMMARY)).content().contains("\"skipped-unreadable\": 0");

        float[] expected = Npy.readFloats(npy);
        int[] labels = Npy.readInts(dir.resolve("embedded-labels.npy"));
        SparkSession session = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false").getOrCreate();
        try {
            List<Row> rows = session.read().parquet(parquet.toString()).orderBy("id").collectAsList();
            assertThat(rows).hasSize(labels.length);
            for (int i = 0; i < rows.size(); i++) {
                Row row = rows.get(i);
                assertThat(row.getInt(0)).isEqualTo(i);
                assertThat(row.getInt(1)).isEqualTo(labels[i]);
                assertThat(row.getString(2)).contains("class-").endsWith(i % 2 == 0 ? ".png" : ".jpg");
                List<Float> vector = row.getList(3);
                float[] mine = new float[vector.size()];
                for (int j = 0; j < mine.length; j++) {
                    mine[j] = vector.get(j);
                }
                assertThat(mine).containsExactly(java.util.Arrays.copyOfRange(expected, i * 16, i * 16 + 16));
            }
        } finally {
            session.stop();
        }
        // a second write into the same folder is refused, not merged
        TrainCommandTest.Result again = jdml(List.of(), "spark", "embed", "small", "--dataset", "image-folder", "--out",
                parquet.toString(), "--master", "local[2]");
        assertThat(again.exit()).isEqualTo(Jdml.CONFIGURATION_ERROR);
        assertThat(again.err()).contains(parquet.toString()).contains("exists").contains("--overwrite");
    }

    @Test
    void anUnreadablePictureFollowsTheDatasetsRule() throws IOException {
        Path broken = dir.resolve("broken-photos");
        ImageFolderTrainingTest.writeImages(broken, 6);
        Path victim;
        try (Stream<Path> files = Files.list(broken.resolve("class-4"))) {
            victim = files.sorted(Comparator.naturalOrder()).findFirst().orElseThrow();
        }
        Files.writeString(victim, "not a picture");
        List<String> sets = new ArrayList<>(BLOCKS);
        sets.add("jdml.dataset.image-folder.dir=\"" + broken + "\"");

        TrainCommandTest.Result refused = jdml(sets, "spark", "eval", "small", "--master", "local[2]");
        assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(Jdml.DATA_ERROR);
        assertThat(refused.err()).contains(victim.getFileName().toString()).doesNotContain("\tat ");

        sets.add("jdml.dataset.image-folder.skip-unreadable=true");
        TrainCommandTest.Result skipping = jdml(sets, "spark", "eval", "small", "--master", "local[2]");
        assertThat(skipping.exit()).as(skipping.err()).isZero();
        assertThat(skipping.out()).contains("The dataset skipped 1 unreadable item(s)")
                .contains(victim.getFileName().toString());
        assertThat(Files.readString(runs.resolve("small").resolve("metrics.jsonl")))
                .contains("\"skipped-unreadable\":\"1\"");
    }

    @Test
    void badSparkSettingsAreConfigurationErrors() {
        TrainCommandTest.Result result = jdml(List.of("jdml.spark.gallery-parts=0", "jdml.spark.colour=blue"), "spark",
                "eval", "small");
        assertThat(result.exit()).isEqualTo(Jdml.CONFIGURATION_ERROR);
        assertThat(result.err()).contains("jdml.spark.gallery-parts").contains(">= 1").contains("colour")
                .doesNotContain("\tat ");
    }
}
