package org.jdml.api.progress;

import org.jdml.api.Experimental;
/**
 * Where long tasks show their progress. The runner hands its own to components (through
 * {@code ComponentContext.progress()}) and to the evaluation, so that training, embedding, evaluation
 * and dataset preparation all look alike; a host that wants none passes {@link #SILENT}.
 */
@FunctionalInterface
@Experimental("new in this version")
public interface ProgressDisplay {

    /** Shows nothing. */
    ProgressDisplay SILENT = (task, unit, total, initial) -> Progress.SILENT;

    /**
     * Starts showing a task.
     *
     * @param task its name ("train", "render glyphs")
     * @param unit what is counted ("it", "items", "chars")
     * @param total units in the whole task
     * @param initial units already done (a resumed task)
     */
    Progress start(String task, String unit, long total, long initial);
}
