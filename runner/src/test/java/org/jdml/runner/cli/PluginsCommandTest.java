package org.jdml.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PluginsCommandTest {

    @Test
    void commentsAreWrappedAtSpacesWithinTheWidth() {
        String text = "Items per class in a batch (a positive integer that divides the batch size); a batch holds"
                + " batch-size / m distinct classes.";
        List<String> lines = PluginsCommand.wrap(text, 40);
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(40));
        assertThat(String.join(" ", lines)).isEqualTo(text);
        assertThat(lines).hasSizeGreaterThan(2);
        // a word longer than the width stands on its own line rather than being cut
        assertThat(PluginsCommand.wrap("see jdml.sampler.smart-mining.kappa.initial now", 10))
                .containsExactly("see", "jdml.sampler.smart-mining.kappa.initial", "now");
        assertThat(PluginsCommand.wrap("", 10)).isEmpty();
    }
}
