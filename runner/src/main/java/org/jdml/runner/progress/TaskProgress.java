package org.jdml.runner.progress;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jdml.api.progress.Progress;
import org.jdml.api.progress.ProgressDisplay;

/**
 * Progress of training, embedding or evaluation. On a terminal it is a progress bar (rate, ETA and a
 * message such as the loss); when output goes to a file or a pipe, where redrawn bars would garble
 * the log, it prints a plain line now and then instead (every tenth of the work, at most every
 * {@code lineSeconds}, and at the end).
 */
public final class TaskProgress implements Progress {

    private final String task;
    private final long total;
    private final ProgressBar bar;
    private final PrintStream lines;
    private final long lineNanos;
    private final long start = System.nanoTime();
    private long done;
    private long lastLine = System.nanoTime();
    private int tenthsShown;
    private String message = "";

    private TaskProgress(String task, long total, long initial, ProgressBar bar, PrintStream lines, long lineSeconds) {
        this.task = task;
        this.total = total;
        this.done = initial;
        this.tenthsShown = total > 0 ? (int) (initial * 10 / total) : 0;
        this.bar = bar;
        this.lines = lines;
        this.lineNanos = lineSeconds * 1_000_000_000L;
    }

    /** The display the runner hands to components and to the evaluation; silent when {@code enabled} is false. */
    public static ProgressDisplay display(boolean enabled) {
        return (task, unit, total, initial) -> start(task, unit, total, initial, enabled);
    }

    /**
     * @param unit what is counted ("it", "items")
     * @param initial units already done (a resumed run)
     * @param enabled false gives a silent progress
     */
    public static TaskProgress start(String task, String unit, long total, long initial, boolean enabled) {
        return start(task, unit, total, initial, enabled, System.console() != null, System.err, 30);
    }

    /** As {@link #start(String, String, long, long, boolean)}, choosing the display explicitly (tests). */
    public static TaskProgress start(String task, String unit, long total, long initial, boolean enabled,
            boolean terminal, PrintStream out, long lineSeconds) {
        if (!enabled) {
            return new TaskProgress(task, total, initial, null, null, lineSeconds);
        }
        if (terminal) {
            ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" " + unit, 1).showSpeed()
                    .startsFrom(initial, Duration.ZERO).setUpdateIntervalMillis(250).build();
            return new TaskProgress(task, total, initial, bar, null, lineSeconds);
        }
        return new TaskProgress(task, total, initial, null, out, lineSeconds);
    }

    /** Advances by {@code units}, showing {@code newMessage} (e.g. "loss 0.1234") with the progress. */
    @Override
    public void step(long units, String newMessage) {
        done += units;
        message = newMessage;
        if (bar != null) {
            bar.stepBy(units);
            bar.setExtraMessage(newMessage);
        } else if (lines != null) {
            long now = System.nanoTime();
            int tenths = total > 0 ? (int) Math.min(10, done * 10 / total) : 0;
            if (tenths > tenthsShown || now - lastLine >= lineNanos) {
                tenthsShown = tenths;
                lastLine = now;
                printLine(now);
            }
        }
    }

    /** Sets the progress to {@code units} done. */
    public void stepTo(long units, String newMessage) {
        step(units - done, newMessage);
    }

    private void printLine(long now) {
        double seconds = (now - start) / 1e9;
        lines.printf(Locale.ROOT, "%s: %d/%d (%d %%) %.1f s%s%n", task, done, total,
                total > 0 ? done * 100 / total : 100, seconds, message.isEmpty() ? "" : ", " + message);
        lines.flush();
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        } else if (lines != null && tenthsShown < 10) {
            printLine(System.nanoTime());
        }
    }
}
