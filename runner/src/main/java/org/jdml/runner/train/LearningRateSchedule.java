package org.jdml.runner.train;

/**
 * The learning rate at each iteration: a base rate times the schedule's factor, times a linear
 * warm-up over the first iterations. A pure function of the iteration, so a resumed run needs no
 * schedule state beyond the iteration it resumes at.
 */
public final class LearningRateSchedule {

    /** The schedule's shape after warm-up. */
    public enum Kind {
        /** The base rate throughout. */
        CONSTANT,
        /** The base rate times step-factor^floor(epoch / step-epochs). */
        STEP,
        /** Half a cosine from the base rate down to cosine-final-factor times it at the last iteration. */
        COSINE
    }

    private final Kind kind;
    private final double base;
    private final int warmup;
    private final int iterationsPerEpoch;
    private final long totalIterations;
    private final int stepEpochs;
    private final double stepFactor;
    private final double finalFactor;

    public LearningRateSchedule(TrainSettings.ScheduleSettings settings, double base, int iterationsPerEpoch,
            long totalIterations) {
        this(settings.kind(), base, settings.warmupIterations(), iterationsPerEpoch, totalIterations,
                settings.stepEpochs(), settings.stepFactor(), settings.cosineFinalFactor());
    }

    LearningRateSchedule(Kind kind, double base, int warmup, int iterationsPerEpoch, long totalIterations,
            int stepEpochs, double stepFactor, double finalFactor) {
        this.kind = kind;
        this.base = base;
        this.warmup = warmup;
        this.iterationsPerEpoch = Math.max(1, iterationsPerEpoch);
        this.totalIterations = totalIterations;
        this.stepEpochs = Math.max(1, stepEpochs);
        this.stepFactor = stepFactor;
        this.finalFactor = finalFactor;
    }

    /** The rate for iteration {@code iteration}, counted from 0. */
    public double at(long iteration) {
        double factor = switch (kind) {
            case CONSTANT -> 1;
            case STEP -> Math.pow(stepFactor, (iteration / iterationsPerEpoch) / stepEpochs);
            case COSINE -> {
                long span = totalIterations - 1 - warmup;
                double progress = span <= 0 ? 0 : Math.min(1, Math.max(0, (iteration - warmup) / (double) span));
                yield finalFactor + (1 - finalFactor) * 0.5 * (1 + Math.cos(Math.PI * progress));
            }
        };
        if (iteration < warmup) {
            factor *= (iteration + 1) / (double) warmup;
        }
        return base * factor;
    }
}
