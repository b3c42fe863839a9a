package org.jdml.runner.report;

import java.nio.file.Path;

/**
 * Writes a run folder's {@code report.html} and its plots under {@code plots/}.
 */
public final class ReportWriter {

    private ReportWriter() {
    }

    /**
     * Reads {@code metrics.jsonl}, {@code config.conf}, {@code components.txt} and the evaluation
     * embeddings of {@code runDir} (each when present) and writes {@code report.html} and
     * {@code plots/*.png}.
     *
     * @throws java.io.UncheckedIOException when the folder cannot be read or written
     */
    public static void write(Path runDir) {
        throw new UnsupportedOperationException("report writing is not implemented yet");
    }
}
