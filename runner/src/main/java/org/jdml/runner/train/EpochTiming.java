package org.jdml.runner.train;

/**
 * The wall time of an epoch's iterations (evaluation and checkpoint excluded), how much of it the
 * steps spent waiting for their batches to be read, and how much the sampler took to choose them. After a resume, the first epoch counts only
 * the iterations since the resume.
 *
 * @param epoch the epoch, counted from 1
 * @param iterations the iterations timed
 * @param seconds their wall time
 * @param dataWait the waiting for data among them
 */
public record EpochTiming(int epoch, long iterations, double seconds, BatchPipeline.DataWait dataWait) {

    /** The share of {@link #seconds} spent waiting for data, in [0, 1] (0 when nothing was timed). */
    public double dataWaitShare() {
        return seconds > 0 ? Math.min(1, dataWait.seconds() / seconds) : 0;
    }

    /**
     * The share of {@link #seconds} the sampler took to choose batches, in [0, 1]: for smart mining,
     * mostly its refreshes (embedding the training set and searching neighbours).
     */
    public double samplerShare() {
        return seconds > 0 ? Math.min(1, dataWait.samplingSeconds() / seconds) : 0;
    }
}
