package org.jdml.runner.train;

import java.nio.file.Path;
import java.util.Map;

/** Hears what a training run does: for progress displays, logs and tests. Every method is optional. */
public interface TrainingListener {

    /** Training is about to run iterations {@code firstIteration} to {@code totalIterations - 1}. */
    default void onStart(long firstIteration, long totalIterations, int iterationsPerEpoch) {}

    default void onIteration(StepResult step) {}

    /** The last iteration of an epoch ran; its evaluation (if any) comes next. */
    default void onEpochEnd(EpochTiming timing) {}

    /** An evaluation finished after {@code epoch} epochs. */
    default void onEvaluation(int epoch, Map<String, Double> metrics, double seconds) {}

    default void onCheckpoint(Path file) {}

    /** The run is over (finished or stopped). */
    default void onEnd() {}
}
