package org.jdml.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jdml.runner.cli.HelpTest;
import org.junit.jupiter.api.Test;

/** {@code jdml bench} joins the command line through its service file, and each benchmark has clean help. */
class BenchHelpTest {

    @Test
    void benchIsFoundOnTheClasspathAndEveryBenchmarkAnswersHelp() {
        List<List<String>> checked = HelpTest.assertCleanHelpUnder(List.of("bench"));
        assertThat(checked).extracting(path -> String.join(" ", path))
                .contains("bench", "bench iteration", "bench backbones", "bench loss", "bench data", "bench memory",
                        "bench index");
    }
}
