package org.jdml.runner.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TaskProgressTest {

    @Test
    void withoutATerminalItPrintsPlainLinesAtEveryTenthAndNoControlCharacters() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (TaskProgress progress = TaskProgress.start("train", "it", 100, 0, true, false, out, 3600)) {
            for (int i = 0; i < 100; i++) {
                progress.step(1, "loss 0.5");
            }
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text.lines()).hasSize(10).allSatisfy(line -> assertThat(line).startsWith("train: "));
        assertThat(text).contains("train: 50/100 (50 %)").contains("loss 0.5").doesNotContain("\r");
    }

    @Test
    void aResumedTaskStartsPartWayAndADisabledOnePrintsNothing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (TaskProgress progress = TaskProgress.start("train", "it", 10, 7, true, false, out, 3600)) {
            progress.step(3, "");
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                bytes.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow())
                .allSatisfy(line -> assertThat(line).contains("10/10 (100 %)"));
        ByteArrayOutputStream silent = new ByteArrayOutputStream();
        try (TaskProgress progress = TaskProgress.start("x", "it", 10, 0, false, false, new PrintStream(silent), 0)) {
            progress.step(10, "");
        }
        assertThat(silent.size()).isZero();
    }
}
