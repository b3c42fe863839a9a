package org.jdml.api.progress;

import org.jdml.api.Experimental;
/**
 * One long task's progress as it goes: the host shows it (a bar on a terminal, a line now and then in
 * a log) or not at all. Components never draw progress themselves; they ask their
 * {@link ProgressDisplay} for one of these.
 */
@Experimental("new in this version")
public interface Progress extends AutoCloseable {

    /** Shows nothing. */
    Progress SILENT = (units, message) -> { };

    /** {@code units} more are done; {@code message} (e.g. "loss 0.1234", or "") is shown with the count. */
    void step(long units, String message);

    default void step(long units) {
        step(units, "");
    }

    /** The task has ended (finished or not): a bar is closed, a last line printed. */
    @Override
    default void close() {}
}
