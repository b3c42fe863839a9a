package org.jdml.loss.triplet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jdml.api.config.ComponentSettings;
import org.junit.jupiter.api.Test;

class ReducerTest {

    @Test
    void configWords() {
        assertThat(List.of(Reducer.values())).extracting(ComponentSettings::kebab)
                .containsExactly("mean-over-positive", "mean", "sum");
    }
}
