package org.jdml.runner.train;

import org.jdml.runner.checkpoint.CheckpointStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdml.runner.checkpoint.CheckpointException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRunTest {

    @TempDir
    Path runs;

    /** Stops a run after a given iteration, as a crash or Ctrl-C would. */
    static final class Interrupt extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private Config config(String name, String... more) {
        List<String> sets = new ArrayList<>(List.of(
                "jdml.run.dir = \"" + runs + "\"",
                "jdml.run.name = " + name,
                "jdml.loss.name = test-centres",
                "jdml.train.prefetch = 2",
                "jdml.train.schedule { name = cosine, warmup-iterations = 3 }",
                "jdml.checkpoint.every-iterations = 4"));
        sets.addAll(List.of(more));
        return TrainingFixtures.config(sets);
    }

    private TrainingRun.Summary run(Config config, boolean resume, List<TrainingListener> listeners) {
        return run(config, resume, listeners, 1);
    }

    /** A run on {@code devices} devices, all of them the CPU (more than one: data-parallel). */
    private TrainingRun.Summary run(Config config, boolean resume, List<TrainingListener> listeners, int devices) {
        try (NDManager manager = NDManager.newBaseManager()) {
            RunFolder folder = resume ? RunFolder.existing(config.getString("jdml.run.name"), runs)
                    : RunFolder.create(config);
            TrainSettings settings = TrainingFixtures.onCpuReplicas(TrainingFixtures.settings(config), devices);
            return new TrainingRun(TrainingFixtures.components(config, manager), settings, folder, manager, config,
                    listeners, dir -> {}, resume).run();
        }
    }

    @Test
    void aResumedRunEndsExactlyLikeAnUninterruptedOne() throws IOException {
        TrainingRun.Summary straight = run(config("straight"), false, List.of());

        TrainingListener crash = crashAt(13);
        assertThatThrownBy(() -> run(config("resumed"), false, List.of(crash))).isInstanceOf(Interrupt.class);
        // the log holds iteration 13, the newest checkpoint is after iteration 12
        assertThat(Files.readAllLines(runs.resolve("resumed/metrics.jsonl"))).hasSize(16);
        assertThat(runs.resolve("resumed/checkpoints/checkpoint-00000012.ckpt")).exists();

        TrainingRun.Summary resumed = run(config("resumed"), true, List.of());

        assertThat(resumed.iterations()).isEqualTo(20);
        assertThat(resumed.evaluations()).isEqualTo(straight.evaluations());
        assertThat(resumed.finalMetrics()).containsKey("recall@1");
        assertThat(metricsWithoutTimes(runs.resolve("resumed"))).isEqualTo(metricsWithoutTimes(runs.resolve("straight")))
                .hasSize(24);
        assertThat(Files.readAllBytes(runs.resolve("resumed/embeddings/eval-embeddings.npy")))
                .isEqualTo(Files.readAllBytes(runs.resolve("straight/embeddings/eval-embeddings.npy")));
    }

    @Test
    void aResumedDataParallelRunEndsExactlyLikeAnUninterruptedOne() throws IOException {
        // batch norm on: each replica's running statistics are averaged into the checkpointed ones
        run(config("parallel-straight"), false, List.of(), 3);
        TrainingListener crash = crashAt(9);
        assertThatThrownBy(() -> run(config("parallel-resumed"), false, List.of(crash), 3))
                .isInstanceOf(Interrupt.class);
        run(config("parallel-resumed"), true, List.of(), 3);
        assertThat(metricsWithoutTimes(runs.resolve("parallel-resumed")))
                .isEqualTo(metricsWithoutTimes(runs.resolve("parallel-straight"))).hasSize(24);
        assertThat(Files.readAllBytes(runs.resolve("parallel-resumed/embeddings/eval-embeddings.npy")))
                .isEqualTo(Files.readAllBytes(runs.resolve("parallel-straight/embeddings/eval-embeddings.npy")));
    }

    @Test
    void aRunResumedMidEpochAfterTheControllersFirstFitRepeatsTheUninterruptedRun() throws IOException {
        // 320 items in batches of 10 triplets: 11 iterations an epoch; warm-up epoch 1, the first fit
        // sets epoch 3's kappa, and the crash comes in epoch 4, after the checkpoint of iteration 40
        String[] mining = {"jdml.loss.name = triplet", "jdml.loss.triplet { form = ratio, margin = 0.2, distance = euclidean }",
            "jdml.train.batch-size = 30", "jdml.train.epochs = 5", "jdml.sampler.name = smart-mining",
            "jdml.sampler.smart-mining { warmup-epochs = 1, neighbours = 24 }",
            "jdml.controller.name = kappa-fit", "jdml.controller.kappa-fit { first-fit-epoch = 3, target = 0.5 }"};
        run(config("mining-straight", mining), false, List.of());
        TrainingListener crash = crashAt(41);
        assertThatThrownBy(() -> run(config("mining-resumed", mining), false, List.of(crash)))
                .isInstanceOf(Interrupt.class);
        assertThat(runs.resolve("mining-resumed/checkpoints/checkpoint-00000040.ckpt")).exists();
        run(config("mining-resumed", mining), true, List.of());
        List<String> straight = metricsWithoutTimes(runs.resolve("mining-straight"));
        assertThat(metricsWithoutTimes(runs.resolve("mining-resumed"))).isEqualTo(straight);
        assertThat(Files.readAllBytes(runs.resolve("mining-resumed/embeddings/eval-embeddings.npy")))
                .isEqualTo(Files.readAllBytes(runs.resolve("mining-straight/embeddings/eval-embeddings.npy")));

        List<JsonObject> epochs = straight.stream().map(l -> JsonParser.parseString(l).getAsJsonObject())
                .filter(o -> o.get("type").getAsString().equals("epoch")).toList();
        assertThat(epochs).hasSize(5);
        // epoch 1 is warm-up, every later epoch mines with the kappa its refresh read
        assertThat(epochs.get(0).getAsJsonObject("sampler-state").get("mining").getAsDouble()).isEqualTo(0.0);
        for (JsonObject epoch : epochs.subList(1, 5)) {
            JsonObject sampler = epoch.getAsJsonObject("sampler-state");
            assertThat(sampler.get("mining").getAsDouble()).isEqualTo(1.0);
            assertThat(sampler.get("mined").getAsDouble()).isPositive();
            assertThat(sampler.get("kappa").getAsDouble())
                    .isEqualTo(epoch.getAsJsonObject("controller-state").get("kappa").getAsDouble());
        }
        // the controller probed after epoch 2 (one kappa so far) and fitted its line after epochs 3 and 4
        assertThat(epochs.get(1).getAsJsonObject("controller-state").has("probe")).isTrue();
        assertThat(epochs.get(2).getAsJsonObject("controller-state").has("alpha")
                || epochs.get(2).getAsJsonObject("controller-state").has("degenerate")).isTrue();
        double kappa2 = epochs.get(1).getAsJsonObject("controller-state").get("kappa").getAsDouble();
        double kappa3 = epochs.get(2).getAsJsonObject("controller-state").get("kappa").getAsDouble();
        assertThat(kappa3).isNotEqualTo(kappa2);
    }

    @Test
    void aDamagedNewestCheckpointIsSkippedAndTheRunResumesFromTheOneBeforeIt() throws IOException {
        run(config("intact"), false, List.of());
        TrainingListener crash = crashAt(13);
        assertThatThrownBy(() -> run(config("damaged"), false, List.of(crash))).isInstanceOf(Interrupt.class);
        Path newest = runs.resolve("damaged/checkpoints/checkpoint-00000012.ckpt");
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length / 3] ^= 0x55;
        Files.write(newest, bytes);
        run(config("damaged"), true, List.of());
        // resumed from iteration 8: the log was cut back there and the run still ends exactly as the intact one
        assertThat(metricsWithoutTimes(runs.resolve("damaged"))).isEqualTo(metricsWithoutTimes(runs.resolve("intact")));
    }

    @Test
    void aRunKilledBetweenAnEpochsCheckpointAndItsEvaluationEvaluatesThatEpochOnResume() throws IOException {
        run(config("evaluated"), false, List.of());
        TrainingListener crash = new TrainingListener() {
            @Override
            public void onCheckpoint(Path file) {
                if (CheckpointStore.iterationOf(file) == 10) { // epoch 1's end: written before its evaluation
                    throw new Interrupt();
                }
            }
        };
        assertThatThrownBy(() -> run(config("unevaluated"), false, List.of(crash))).isInstanceOf(Interrupt.class);
        assertThat(Files.readString(runs.resolve("unevaluated/metrics.jsonl"))).doesNotContain("\"type\":\"evaluation\"");
        run(config("unevaluated"), true, List.of());
        assertThat(metricsWithoutTimes(runs.resolve("unevaluated")))
                .isEqualTo(metricsWithoutTimes(runs.resolve("evaluated")));
    }

    /** A listener that stops the run (as a kill would) when iteration {@code iteration} has run. */
    private static TrainingListener crashAt(long iteration) {
        return new TrainingListener() {
            @Override
            public void onIteration(StepResult step) {
                if (step.iteration() == iteration) {
                    throw new Interrupt();
                }
            }
        };
    }

    static List<String> metricsWithoutTimes(Path dir) throws IOException {
        return Files.readAllLines(dir.resolve(RunFolder.METRICS)).stream().map(line -> {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            o.remove("seconds");
            o.remove("data-wait-share");
            o.remove("sampler-share");
            return o.toString();
        }).toList();
    }

    @Test
    void aCheckpointOfAnotherModelIsRefusedNamingTheParameterAndBothShapes() {
        run(config("small-head", "jdml.train.epochs = 1"), false, List.of());
        Config wider = config("small-head", "jdml.train.epochs = 1", "jdml.model.embedding-size = 24");
        assertThatThrownBy(() -> run(wider, true, List.of())).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("parameter '02embedding_weight' has shape (16, 32) in the checkpoint but (24, 32)"
                        + " in the model");
    }

    @Test
    void trainingBeatsTheUntrainedNetworkOnUnseenClasses() {
        trainingBeatsTheUntrainedNetwork("learns");
    }

    @Test
    void aShortBfloat16RunBeatsTheUntrainedNetworkByTheSameMargin() {
        // the float32 test's run and margin, computed in bfloat16 (evaluation too: embed-precision = train)
        TrainingFixtures.withBfloat16Cpu(() -> {
            trainingBeatsTheUntrainedNetwork("learns-bf16", "jdml.train.precision = bf16");
            return null;
        });
    }

    /**
     * Recall@1 on 8 evaluation classes (never trained on) before and after 2 epochs of 60 iterations on
     * 48 training classes: enough classes for what is learned to carry over to new ones.
     */
    private void trainingBeatsTheUntrainedNetwork(String name, String... more) {
        List<String> sets = new ArrayList<>(List.of("jdml.loss.name = test-pairs", "jdml.train.epochs = 2",
                "jdml.train.learning-rate = 0.01", "jdml.train.schedule.name = constant",
                "jdml.dataset.synthetic { cluster-spread = 0.6, train-classes = 48, dim = 32 }"));
        sets.addAll(List.of(more));
        Config config = config(name, sets.toArray(String[]::new));
        double untrained;
        try (NDManager manager = NDManager.newBaseManager();
                TrainingLoop loop = new TrainingLoop(TrainingFixtures.components(config, manager),
                        TrainingFixtures.settings(config), manager)) {
            var components = TrainingFixtures.components(config, manager);
            untrained = new RunEvaluation(config, components.dataset(), loop.embedder(), manager, false).evaluate()
                    .metrics().get("recall@1");
        }
        TrainingRun.Summary summary = run(config, false, List.of());
        double trained = summary.finalMetrics().get("recall@1");
        assertThat(trained).as("recall@1 untrained %.3f, trained %.3f", untrained, trained)
                .isGreaterThan(untrained + 0.05);
    }

    @Test
    void aResumedBfloat16RunWithLossScalingEndsExactlyLikeAnUninterruptedOne() throws IOException {
        // the scale grows every 5 good steps: the resumed run must know the 3 since the last growth
        String[] bf16 = {"jdml.train.precision = bf16", "jdml.train.loss-scaling = dynamic",
            "jdml.train.loss-scale { initial = 256, growth-interval = 5 }"};
        TrainingFixtures.withBfloat16Cpu(() -> {
            run(config("bf16-straight", bf16), false, List.of());
            assertThatThrownBy(() -> run(config("bf16-resumed", bf16), false, List.of(crashAt(13))))
                    .isInstanceOf(Interrupt.class);
            run(config("bf16-resumed", bf16), true, List.of());
            return null;
        });
        List<String> straight = metricsWithoutTimes(runs.resolve("bf16-straight"));
        assertThat(metricsWithoutTimes(runs.resolve("bf16-resumed"))).isEqualTo(straight).hasSize(24);
        // 256 from iteration 0, doubled after iterations 4, 9 and 14
        assertThat(straight.stream().map(l -> JsonParser.parseString(l).getAsJsonObject())
                .filter(o -> o.has("iteration") && o.get("iteration").getAsInt() == 19 && o.has("loss-scale"))
                .map(o -> o.get("loss-scale").getAsDouble()).toList()).containsExactly(2048.0);
        assertThat(Files.readAllBytes(runs.resolve("bf16-resumed/embeddings/eval-embeddings.npy")))
                .isEqualTo(Files.readAllBytes(runs.resolve("bf16-straight/embeddings/eval-embeddings.npy")));
        // and bfloat16 was used: the float32 run's embeddings differ
        run(config("fp32-straight"), false, List.of());
        assertThat(Files.readAllBytes(runs.resolve("bf16-straight/embeddings/eval-embeddings.npy")))
                .isNotEqualTo(Files.readAllBytes(runs.resolve("fp32-straight/embeddings/eval-embeddings.npy")));
    }

    @Test
    void aRunWithLossScalingContinuesWithoutItAndTheOtherWayRound() {
        String[] scaled = {"jdml.train.loss-scaling = dynamic", "jdml.train.epochs = 1"};
        run(config("scaled-then-not", scaled), false, List.of());
        TrainingRun.Summary unscaled = run(config("scaled-then-not", "jdml.train.loss-scaling = none",
                "jdml.train.epochs = 2"), true, List.of());
        assertThat(unscaled.iterations()).isEqualTo(20);
        run(config("not-then-scaled", "jdml.train.epochs = 1"), false, List.of());
        TrainingRun.Summary rescaled = run(config("not-then-scaled", "jdml.train.loss-scaling = dynamic",
                "jdml.train.epochs = 2"), true, List.of());
        assertThat(rescaled.iterations()).isEqualTo(20);
    }
}
