package org.jdml.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Puts a "## heading" section into a markdown file such as BENCHMARKS.md, leaving other sections alone. */
public final class MarkdownSection {

    private MarkdownSection() {
    }

    /**
     * Replaces the section that starts with {@code heading} (up to the next "## " heading) by
     * {@code section}, or appends it; creates the file with a "# Benchmarks" title when missing.
     */
    public static void replace(Path file, String heading, String section) throws IOException {
        String existing = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        String body = section.endsWith("\n") ? section : section + "\n";
        int start = existing.startsWith(heading + "\n") ? 0 : existing.indexOf("\n" + heading + "\n");
        String updated;
        if (start < 0) {
            updated = existing.isEmpty() ? "# Benchmarks\n\n" + body
                    : existing + (existing.endsWith("\n") ? "\n" : "\n\n") + body;
        } else {
            if (start > 0) {
                start++;
            }
            int next = existing.indexOf("\n## ", start + heading.length());
            updated = existing.substring(0, start) + body + (next < 0 ? "" : "\n" + existing.substring(next + 1));
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, updated, StandardCharsets.UTF_8);
    }

    /** A share in [0, 1] as "12 %", or "n/a" when unknown (NaN). */
    static String percent(double share) {
        return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.0f %%", 100 * share);
    }
}
