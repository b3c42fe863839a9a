package org.jdml.runner.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdml.loss.centroid.CentroidBoundLoss;
import org.jdml.runner.assembly.RunComponents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The centroid bound's projection head and k-means centroids through training, checkpoints and resuming. */
class CentroidBoundTrainingTest {

    @TempDir
    Path runs;

    /** 8 training classes and a 4-d embedding: D < C, so one-hot centroids need the head. */
    private Config config(String name, String... more) {
        List<String> sets = new ArrayList<>(List.of(
                "jdml.run.dir = \"" + runs + "\"",
                "jdml.run.name = " + name,
                "jdml.loss.name = centroid-bound",
                "jdml.loss.centroid-bound { projection-head = true, learning-rate-multiplier = 3 }",
                "jdml.model.embedding-size = 4",
                "jdml.train.prefetch = 2",
                "jdml.checkpoint.every-iterations = 4"));
        sets.addAll(List.of(more));
        return TrainingFixtures.config(sets);
    }

    /** A run; {@code centroids} receives the loss's centroids after the first step and at the end. */
    private void run(Config config, boolean resume, List<TrainingListener> listeners, List<double[][]> centroids) {
        try (NDManager manager = NDManager.newBaseManager()) {
            RunFolder folder = resume ? RunFolder.existing(config.getString("jdml.run.name"), runs)
                    : RunFolder.create(config);
            RunComponents components = TrainingFixtures.components(config, manager);
            CentroidBoundLoss loss = (CentroidBoundLoss) components.loss();
            List<TrainingListener> all = new ArrayList<>(listeners);
            all.add(new TrainingListener() {
                @Override
                public void onIteration(StepResult step) {
                    if (step.iteration() == 0) {
                        centroids.add(loss.centroids());
                    }
                }
            });
            try {
                new TrainingRun(components, TrainingFixtures.settings(config), folder, manager, config, all, dir -> {},
                        resume).run();
            } finally {
                centroids.add(loss.centroids());
            }
        }
    }

    private static TrainingListener crashAfter(long iteration) {
        return new TrainingListener() {
            @Override
            public void onIteration(StepResult step) {
                if (step.iteration() == iteration) {
                    throw new TrainingRunTest.Interrupt();
                }
            }
        };
    }

    @Test
    void aRunBelowTheClassCountTrainsTheHeadAndResumesExactly() throws IOException {
        List<double[][]> ignored = new ArrayList<>();
        run(config("head-straight"), false, List.of(), ignored);
        assertThatThrownBy(() -> run(config("head-resumed"), false, List.of(crashAfter(13)), ignored))
                .isInstanceOf(TrainingRunTest.Interrupt.class);
        run(config("head-resumed"), true, List.of(), ignored);

        List<String> straight = TrainingRunTest.metricsWithoutTimes(runs.resolve("head-straight"));
        assertThat(TrainingRunTest.metricsWithoutTimes(runs.resolve("head-resumed"))).isEqualTo(straight).hasSize(24);
        assertThat(Files.readAllBytes(runs.resolve("head-resumed/embeddings/eval-embeddings.npy")))
                .isEqualTo(Files.readAllBytes(runs.resolve("head-straight/embeddings/eval-embeddings.npy")));
        // the evaluation embeddings are the 4-d embedding, not the 8-wide head
        byte[] npy = Files.readAllBytes(runs.resolve("head-straight/embeddings/eval-embeddings.npy"));
        assertThat(new String(npy, 0, 128, java.nio.charset.StandardCharsets.ISO_8859_1)).contains(", 4)");
        // the loss fell: the head and the network learnt
        double first = loss(straight.get(0));
        double last = loss(straight.stream().filter(l -> l.contains("\"iteration\"") && l.contains("\"loss\""))
                .reduce((a, b) -> b).orElseThrow());
        assertThat(last).isLessThan(first);
    }

    @Test
    void kMeansCentroidsStayFrozenThroughTrainingAndComeBackOnResume() {
        String[] kMeans = {"jdml.loss.centroid-bound.centroids = k-means"};
        List<double[][]> straight = new ArrayList<>();
        run(config("kmeans-straight", kMeans), false, List.of(), straight);
        assertThat(straight).hasSize(2);
        assertThat(straight.get(0)[0]).as("computed at the first batch").isNotEqualTo(new double[8]);
        assertThat(straight.get(1)).as("unchanged bit for bit through training").isDeepEqualTo(straight.get(0));

        List<double[][]> crashed = new ArrayList<>();
        assertThatThrownBy(() -> run(config("kmeans-resumed", kMeans), false, List.of(crashAfter(13)), crashed))
                .isInstanceOf(TrainingRunTest.Interrupt.class);
        List<double[][]> resumed = new ArrayList<>();
        run(config("kmeans-resumed", kMeans), true, List.of(), resumed);
        // the resumed run restored them from the checkpoint instead of recomputing them with the
        // network of iteration 12
        assertThat(resumed.get(resumed.size() - 1)).isDeepEqualTo(straight.get(0));
    }

    private static double loss(String line) {
        return com.google.gson.JsonParser.parseString(line).getAsJsonObject().get("loss").getAsDouble();
    }
}
