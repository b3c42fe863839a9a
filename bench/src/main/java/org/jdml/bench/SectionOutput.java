package org.jdml.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --out FILE} option every bench command has: where its markdown section also goes. */
public final class SectionOutput {

    @Option(names = "--out", paramLabel = "FILE",
            description = "Also write the section into FILE (e.g. BENCHMARKS.md): the section under this command's "
                    + "heading is replaced, or added at the end; the rest of the file is kept.")
    Path out;

    /** Puts {@code section} under {@code heading} into the named file; nothing when none was named. */
    public void write(String heading, String section) {
        if (out == null) {
            return;
        }
        try {
            MarkdownSection.replace(out, heading, section);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
    }
}
