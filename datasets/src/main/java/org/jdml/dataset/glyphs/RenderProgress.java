package org.jdml.dataset.glyphs;

import java.time.Duration;
import java.util.function.IntConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;

/**
 * Progress of rendering, in characters: a progress bar on a terminal, and a log line every tenth of
 * the work otherwise (a redrawn bar would garble a log file).
 */
final class RenderProgress implements IntConsumer, AutoCloseable {

    private final int total;
    private final ProgressBar bar;
    private final Logger log;
    private final long start = System.nanoTime();
    private int tenthsShown;

    private RenderProgress(int total, ProgressBar bar, Logger log) {
        this.total = total;
        this.bar = bar;
        this.log = log;
    }

    /** @param enabled false: silent */
    static RenderProgress start(int total, boolean enabled, Logger log) {
        if (enabled && System.console() != null) {
            return new RenderProgress(total, new ProgressBarBuilder().setTaskName("render glyphs").setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" chars", 1).showSpeed()
                    .startsFrom(0, Duration.ZERO).setUpdateIntervalMillis(250).build(), null);
        }
        return new RenderProgress(total, null, enabled ? log : null);
    }

    @Override
    public void accept(int done) {
        if (bar != null) {
            bar.stepTo(done);
        } else if (log != null) {
            int tenths = (int) (10L * done / total);
            if (tenths > tenthsShown) {
                tenthsShown = tenths;
                log.info("Rendering glyphs: {}/{} characters ({} %), {} s", done, total, tenths * 10,
                        String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
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
