package org.jdml.evaluation;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Progress of a long step: a progress bar on a terminal, a plain line at every tenth otherwise (logs
 * and CI output stay readable), nothing when disabled.
 */
final class Progress implements AutoCloseable {

    private final String task;
    private final long total;
    private final ProgressBar bar;
    private final PrintStream lines;
    private final long start = System.nanoTime();
    private long done;
    private int tenthsShown;

    private Progress(String task, long total, ProgressBar bar, PrintStream lines) {
        this.task = task;
        this.total = total;
        this.bar = bar;
        this.lines = lines;
    }

    /** A progress display for {@code total} units, or a silent one when {@code enabled} is false. */
    static Progress start(String task, long total, boolean enabled) {
        if (!enabled) {
            return new Progress(task, total, null, null);
        }
        if (System.console() != null) {
            ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                    .setUpdateIntervalMillis(500).build();
            return new Progress(task, total, bar, null);
        }
        return new Progress(task, total, null, System.err);
    }

    void step(long units) {
        done += units;
        if (bar != null) {
            bar.stepBy(units);
        } else if (lines != null && total > 0) {
            int tenths = (int) Math.min(10, done * 10 / total);
            if (tenths > tenthsShown) {
                tenthsShown = tenths;
                lines.printf(Locale.ROOT, "%s: %d/%d (%d %%, %.1f s)%n", task, done, total, tenths * 10,
                        (System.nanoTime() - start) / 1e9);
            }
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
