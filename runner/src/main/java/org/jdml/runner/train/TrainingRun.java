package org.jdml.runner.train;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import com.typesafe.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdml.runner.assembly.RunComponents;
import org.jdml.runner.checkpoint.CheckpointStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run in its folder: iterations, an evaluation after every epoch (every
 * {@code eval-every-epochs}, and always after the last), checkpoints every
 * {@code jdml.checkpoint.every-iterations} and at the end of every epoch, the metrics log, the
 * final evaluation embeddings and the report.
 *
 * <p>A resumed run loads the newest checkpoint, cuts the metrics log back to what it held then, and
 * continues; on the CPU it ends with the same metrics and loss log as a run that was never stopped.
 */
public final class TrainingRun {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    /** An evaluation's result as remembered by the run (and its checkpoints). */
    public record Evaluation(int epoch, long iteration, Map<String, Double> metrics) {}

    /** How the run ended. */
    public record Summary(RunFolder folder, long iterations, long skippedBatches, long overflowedBatches,
            List<Evaluation> evaluations) {

        /** The last evaluation's metrics (empty if none ran). */
        public Map<String, Double> finalMetrics() {
            return evaluations.isEmpty() ? Map.of() : evaluations.get(evaluations.size() - 1).metrics();
        }
    }

    /** Writes the report at the end; the runner's report writer by default. */
    @FunctionalInterface
    public interface Reporter {
        void write(Path runDir);

        /** With the run's last evaluation, for the parts of a report made from it (the retrieval section). */
        default void write(Path runDir, RunEvaluation.Outcome last) {
            write(runDir);
        }
    }

    private final RunComponents components;
    private final TrainSettings settings;
    private final RunFolder folder;
    private final NDManager manager;
    private final Config config;
    private final List<TrainingListener> listeners;
    private final Reporter reporter;
    private final boolean resume;
    private final List<Evaluation> evaluations = new ArrayList<>();
    private final CheckpointStore checkpoints;
    private double secondsBefore;
    private long startNanos;
    /** How many of the dataset's skipped items the log has reported so far. */
    private int skippedReported;
    private RunEvaluation.Outcome lastOutcome;

    /**
     * @param manager the run's manager on the training device
     * @param resume continue from the folder's newest checkpoint (from the start if it has none)
     */
    public TrainingRun(RunComponents components, TrainSettings settings, RunFolder folder, NDManager manager,
            Config config, List<TrainingListener> listeners, Reporter reporter, boolean resume) {
        this.components = components;
        this.settings = settings;
        this.folder = folder;
        this.manager = manager;
        this.config = config;
        this.listeners = List.copyOf(listeners);
        this.reporter = reporter;
        this.resume = resume;
        this.checkpoints = new CheckpointStore(folder.checkpoints(), settings.checkpoint().keep());
    }

    /** The run's folder. */
    public RunFolder folder() {
        return folder;
    }

    /**
     * Trains to the end.
     *
     * @throws TrainingStoppedException when a non-finite loss or gradient stops the run
     */
    public Summary run() {
        if (!resume) {
            folder.writeConfig(config);
            folder.writeComponents(components.used());
            folder.writeRecords(components.dataset().records());
        }
        StringBuilder used = new StringBuilder();
        components.used().forEach(c -> used.append(System.lineSeparator()).append("  - ").append(c));
        LOG.info("{} run {} with:{}", resume ? "Continuing" : "Starting", folder.dir(), used);
        var computations = settings.compute().computations();
        var compute = settings.compute();
        if (!computations.isPlain() || compute.automatic() || compute.lossScale().isPresent()) {
            LOG.info("The network trains in {} and embeds in {}{}, with float32 master weights{}",
                    computations.training().describe(), computations.embedding().describe(),
                    settings.compute().automatic() ? " (auto: the fastest precision the devices run natively)" : "",
                    settings.compute().lossScale().map(s -> " and dynamic loss scaling from " + s.initialScale())
                            .orElse(""));
        }
        try {
            for (Path leftover : checkpoints.removeLeftovers()) {
                LOG.warn("Removed {}, a checkpoint write that a crash interrupted", leftover.getFileName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + checkpoints.dir(), e);
        }
        try (TrainingLoop loop = new TrainingLoop(components, settings, manager);
                MetricsLog metrics = new MetricsLog(folder.metrics())) {
            if (resume) {
                restore(loop, metrics);
            }
            RunEvaluation evaluation = new RunEvaluation(config, components.dataset(), loop.embedder(), manager,
                    settings.loop().progress());
            train(loop, metrics, evaluation);
            return new Summary(folder, loop.iteration(), loop.skippedBatches(), loop.overflowedBatches(),
                    List.copyOf(evaluations));
        } finally {
            listeners.forEach(TrainingListener::onEnd);
        }
    }

    private void restore(TrainingLoop loop, MetricsLog metrics) {
        Optional<Path> latest;
        try {
            latest = checkpoints.latestIntact((file, problem) -> LOG.warn(
                    "Skipping {}: {}; resuming from the newest intact checkpoint before it", file.getFileName(),
                    problem));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (latest.isEmpty()) {
            LOG.info("{} has no checkpoint yet: training starts from the beginning", folder.dir());
            metrics.truncate(0);
            return;
        }
        long[] metricsBytes = new long[1];
        try {
            CheckpointStore.read(latest.get(), in -> {
                in.section("run", i -> {
                    secondsBefore = i.readDouble();
                    metricsBytes[0] = i.readLong();
                    byte[] json = new byte[i.readInt()];
                    i.readFully(json);
                    evaluations.addAll(new Gson().fromJson(new String(json, StandardCharsets.UTF_8),
                            new TypeToken<List<Evaluation>>() {}.getType()));
                });
                loop.load(in);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + latest.get(), e);
        }
        int kept = metrics.truncate(metricsBytes[0]);
        long done = loop.iteration();
        int perEpoch = loop.iterationsPerEpoch();
        String where = done % perEpoch == 0 ? "after epoch " + done / perEpoch
                : "in epoch " + loop.epochOf(done) + ", " + done % perEpoch + " of " + perEpoch + " iterations done";
        LOG.info("Resuming {} from {} (iteration {}, {}){}{}", folder.name(), latest.get().getFileName(), done, where,
                done >= loop.totalIterations() ? ": training had finished, nothing to train" : "",
                kept > 0 ? "; kept " + kept + " line(s) other commands appended to metrics.jsonl" : "");
    }

    private void train(TrainingLoop loop, MetricsLog metrics, RunEvaluation evaluation) {
        long total = loop.totalIterations();
        int perEpoch = loop.iterationsPerEpoch();
        startNanos = System.nanoTime();
        reportSkipped(metrics, loop.epochOf(loop.iteration()));
        long resumedAt = loop.iteration();
        if (resumedAt > 0 && resumedAt < total && resumedAt % perEpoch == 0 && evaluationDue(resumedAt, perEpoch, total)
                && evaluations.stream().noneMatch(e -> e.iteration() == resumedAt)) {
            // the epoch's checkpoint is written before its evaluation: a run killed in between evaluates now
            evaluate(evaluation, metrics, (int) (resumedAt / perEpoch), resumedAt);
        }
        listeners.forEach(l -> l.onStart(loop.iteration(), total, perEpoch));
        long epochStartNanos = System.nanoTime();
        long epochStartIteration = loop.iteration();
        BatchPipeline.DataWait epochStartWait = loop.dataWait();
        while (loop.iteration() < total) {
            StepResult step;
            try {
                step = loop.step();
            } catch (NonFiniteException e) {
                throw stopped(e);
            }
            if (step.iteration() % settings.loop().logEvery() == 0 || step.skipped() || step.overflowed()) {
                metrics.iteration(step, seconds());
            }
            if (step.skipped()) {
                LOG.warn("Skipped the batch of iteration {}: loss {}, gradient norm {} ({} skipped so far)",
                        step.iteration(), step.loss(), step.gradientNorm(), loop.skippedBatches());
            }
            if (step.overflowed()) {
                LOG.info("Dropped the update of iteration {}: the gradients overflowed at loss scale {}; the scale"
                        + " is now {} ({} overflows so far)", step.iteration(), (float) step.lossScale(),
                        loop.lossScale().orElse(Float.NaN), loop.overflowedBatches());
            }
            listeners.forEach(l -> l.onIteration(step));
            long done = loop.iteration();
            boolean epochEnd = done % perEpoch == 0;
            if (epochEnd) {
                int epoch = (int) (done / perEpoch);
                EpochTiming timing = new EpochTiming(epoch, done - epochStartIteration,
                        (System.nanoTime() - epochStartNanos) / 1e9, loop.dataWait().since(epochStartWait));
                metrics.epoch(timing, done, components.loss().epochState(), components.sampler().epochState(),
                        components.controller().map(c -> c.epochState()).orElse(Map.of()));
                reportSkipped(metrics, epoch);
                listeners.forEach(l -> l.onEpochEnd(timing));
            }
            int every = settings.checkpoint().everyIterations();
            if (epochEnd || (every > 0 && done % every == 0)) {
                // before the evaluation: an evaluation that fails (an unreadable image) loses no training
                checkpoint(loop, metrics, done);
            }
            if (epochEnd && evaluationDue(done, perEpoch, total)) {
                evaluate(evaluation, metrics, (int) (done / perEpoch), done);
            }
            if (epochEnd) {
                // the next epoch's clock starts after this one's evaluation and checkpoint
                epochStartNanos = System.nanoTime();
                epochStartIteration = done;
                epochStartWait = loop.dataWait();
            }
        }
        if (evaluations.isEmpty() || evaluations.get(evaluations.size() - 1).iteration() != total) {
            // a resumed run whose last checkpoint was already final evaluates once more for its report
            evaluate(evaluation, metrics, (int) (total / perEpoch), total);
        }
        reportSkipped(metrics, (int) (total / perEpoch)); // the last evaluation's reads too
        try {
            if (lastOutcome != null) {
                reporter.write(folder.dir(), lastOutcome);
            } else {
                reporter.write(folder.dir());
            }
        } catch (RuntimeException e) {
            LOG.warn("The report could not be written: {}", e.toString());
        }
    }

    private boolean evaluationDue(long done, int perEpoch, long total) {
        return (done / perEpoch) % settings.loop().evalEveryEpochs() == 0 || done == total;
    }

    private void evaluate(RunEvaluation evaluation, MetricsLog metrics, int epoch, long done) {
        RunEvaluation.Outcome outcome = evaluation.evaluate();
        Map<String, Double> values = new LinkedHashMap<>(outcome.metrics());
        evaluations.add(new Evaluation(epoch, done, values));
        metrics.evaluation(epoch, done, values, outcome.seconds(), Map.of());
        RunEvaluation.save(outcome, folder.embeddings());
        lastOutcome = outcome;
        listeners.forEach(l -> l.onEvaluation(epoch, values, outcome.seconds()));
    }

    private void checkpoint(TrainingLoop loop, MetricsLog metrics, long done) {
        double seconds = seconds();
        long metricsBytes = metrics.size();
        byte[] history = new Gson().toJson(evaluations).getBytes(StandardCharsets.UTF_8);
        Path written;
        try {
            written = checkpoints.write(done, out -> {
                out.section("run", o -> {
                    o.writeDouble(seconds);
                    o.writeLong(metricsBytes);
                    o.writeInt(history.length);
                    o.write(history);
                });
                loop.save(out);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a checkpoint into " + checkpoints.dir(), e);
        }
        listeners.forEach(l -> l.onCheckpoint(written));
    }

    private double seconds() {
        return secondsBefore + (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * Logs and records the items the dataset skipped as unreadable since the last report
     * ({@code skip-unreadable}): nothing is left out without a word.
     */
    private void reportSkipped(MetricsLog metrics, int epoch) {
        List<String> all = components.dataset().skipped();
        if (all.size() <= skippedReported) {
            return;
        }
        List<String> fresh = List.copyOf(all.subList(skippedReported, all.size()));
        skippedReported = all.size();
        String nl = System.lineSeparator() + "  ";
        String shown = nl + String.join(nl, fresh.subList(0, Math.min(20, fresh.size())))
                + (fresh.size() > 20 ? nl + "... and " + (fresh.size() - 20) + " more in metrics.jsonl" : "");
        LOG.warn("The dataset skipped {} unreadable item(s) ({} in all so far), each replaced as docs/datasets.md"
                + " says:{}", fresh.size(), all.size(), shown);
        metrics.skipped(epoch, all.size(), fresh);
    }

    /**
     * The run stops at a non-finite or diverged step. Checkpoints written from that step's weights on
     * hold the weights that produced it; they are moved aside ({@code .ckpt.diverged}), so that the
     * checkpoint the message names is also the one {@code --resume} picks.
     */
    private TrainingStoppedException stopped(NonFiniteException e) {
        List<String> movedAside = new ArrayList<>();
        Path good = null;
        try {
            for (Path file : checkpoints.list()) {
                if (CheckpointStore.iterationOf(file) >= e.iteration()) {
                    Path aside = file.resolveSibling(file.getFileName() + ".diverged");
                    java.nio.file.Files.move(file, aside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    movedAside.add(aside.getFileName().toString());
                } else if (CheckpointStore.verify(file).isEmpty()) {
                    good = file;
                }
            }
        } catch (IOException io) {
            throw new UncheckedIOException("cannot set the checkpoints after iteration " + e.iteration() + " aside", io);
        }
        String where = good == null
                ? "No checkpoint from before it exists."
                : "The last good checkpoint is " + good + " (after iteration "
                        + CheckpointStore.iterationOf(good) + "); continue from it with jdml train --resume "
                        + folder.dir() + " once the cause is fixed.";
        String aside = movedAside.isEmpty() ? "" : " Checkpoints written from the bad weights were moved aside: "
                + String.join(", ", movedAside) + ".";
        return new TrainingStoppedException(e.getMessage() + ": training stopped. " + where + aside
                + " Lower jdml.train.learning-rate, set jdml.train.clip-norm, or set jdml.train.on-non-finite ="
                + " skip-batch to drop such batches.", e);
    }
}
