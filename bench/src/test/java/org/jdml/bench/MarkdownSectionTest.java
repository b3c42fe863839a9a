package org.jdml.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownSectionTest {

    @Test
    void createsAppendsAndReplacesOnlyItsSection(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("BENCHMARKS.md");
        MarkdownSection.replace(file, "## B", "## B\n\nfirst\n");
        assertThat(Files.readString(file)).isEqualTo("# Benchmarks\n\n## B\n\nfirst\n");

        Files.writeString(file, "# Benchmarks\n\n## A\n\nkeep a\n\n## B\n\nold b\n\n## C\n\nkeep c\n");
        MarkdownSection.replace(file, "## B", "## B\n\nnew b\n");
        assertThat(Files.readString(file)).isEqualTo("# Benchmarks\n\n## A\n\nkeep a\n\n## B\n\nnew b\n\n## C\n\nkeep c\n");

        MarkdownSection.replace(file, "## D", "## D\n\nd");
        assertThat(Files.readString(file)).endsWith("## C\n\nkeep c\n\n## D\n\nd\n");
        // a heading that merely starts the same is another section
        MarkdownSection.replace(file, "## A", "## A\n\nnew a\n");
        assertThat(Files.readString(file)).startsWith("# Benchmarks\n\n## A\n\nnew a\n\n## B\n\nnew b\n");
    }
}
