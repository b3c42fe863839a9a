package org.jdml.loss.triplet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AnchorChunksTest {

    @Test
    void blocksStayWithinTheBudget() {
        assertThat(AnchorChunks.anchorsPerChunk(1024, AnchorChunks.DEFAULT_ELEMENTS)).isEqualTo(16);
        assertThat(AnchorChunks.anchorsPerChunk(100, 3 * 100 * 100 + 99)).isEqualTo(3);
    }

    @Test
    void atLeastOneAnchorAndAtMostTheBatch() {
        assertThat(AnchorChunks.anchorsPerChunk(4096, 1)).isEqualTo(1);
        assertThat(AnchorChunks.anchorsPerChunk(10, AnchorChunks.DEFAULT_ELEMENTS)).isEqualTo(10);
        assertThat(AnchorChunks.anchorsPerChunk(0, AnchorChunks.DEFAULT_ELEMENTS)).isEqualTo(1);
    }

    @Test
    void aBudgetMustBePositive() {
        assertThatThrownBy(() -> AnchorChunks.anchorsPerChunk(10, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
