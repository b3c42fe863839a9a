package org.jdml.runner.train;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.jdml.runner.progress.TaskProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a person watching a run sees: a progress bar (loss, rate, ETA) and a line per evaluation. */
public final class ConsoleListener implements TrainingListener {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleListener.class);

    private final boolean progress;
    private TaskProgress bar;
    private double smoothedLoss = Double.NaN;

    public ConsoleListener(boolean progress) {
        this.progress = progress;
    }

    @Override
    public void onStart(long firstIteration, long totalIterations, int iterationsPerEpoch) {
        LOG.info("Training iterations {} to {} ({} per epoch)", firstIteration, totalIterations, iterationsPerEpoch);
        bar = TaskProgress.start("train", "it", totalIterations, firstIteration, progress);
    }

    @Override
    public void onIteration(StepResult step) {
        if (Double.isFinite(step.loss())) {
            smoothedLoss = Double.isNaN(smoothedLoss) ? step.loss() : 0.9 * smoothedLoss + 0.1 * step.loss();
        }
        StringBuilder message = new StringBuilder(String.format(Locale.ROOT, "epoch %d loss %.4f", step.epoch(),
                smoothedLoss));
        step.knobs().forEach((k, v) -> message.append(String.format(Locale.ROOT, " %s %.4g", k, v)));
        bar.step(1, message.toString());
    }

    @Override
    public void onEpochEnd(EpochTiming timing) {
        LOG.info("Epoch {}: {} iterations in {} s, {} % of it waiting for data ({} of {} batches waited), "
                + "{} % choosing batches", timing.epoch(), timing.iterations(),
                String.format(Locale.ROOT, "%.1f", timing.seconds()),
                String.format(Locale.ROOT, "%.1f", 100 * timing.dataWaitShare()), timing.dataWait().batchesWaited(),
                timing.dataWait().batches(), String.format(Locale.ROOT, "%.1f", 100 * timing.samplerShare()));
    }

    @Override
    public void onEvaluation(int epoch, Map<String, Double> metrics, double seconds) {
        StringBuilder text = new StringBuilder();
        metrics.forEach((k, v) -> text.append(text.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.4f", k, v)));
        LOG.info("Evaluation after epoch {}: {} ({} s)", epoch, text, String.format(Locale.ROOT, "%.1f", seconds));
    }

    @Override
    public void onCheckpoint(Path file) {
        LOG.debug("Checkpoint {}", file);
    }

    @Override
    public void onEnd() {
        if (bar != null) {
            bar.close();
        }
    }
}
