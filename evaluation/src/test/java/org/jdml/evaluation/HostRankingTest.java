package org.jdml.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostRankingTest {

    @Test
    void keysOrderFloatsDescendingAsUnsignedInts() {
        float[] descending = {Float.POSITIVE_INFINITY, 3.5f, 1f, Math.nextDown(1f), 1e-30f, Float.MIN_VALUE, 0f,
                -Float.MIN_VALUE, -1e-30f, -1f, -3.5f, -Float.MAX_VALUE, Float.NEGATIVE_INFINITY};
        for (int i = 0; i + 1 < descending.length; i++) {
            int a = HostRanking.descendingKey(descending[i]);
            int b = HostRanking.descendingKey(descending[i + 1]);
            assertThat(Integer.compareUnsigned(a, b)).as("%s before %s", descending[i], descending[i + 1])
                    .isNegative();
        }
        assertThat(HostRanking.descendingKey(-0f)).isEqualTo(HostRanking.descendingKey(0f));
    }

    @Test
    void rankRowOrdersBySimilarityThenIndex() {
        float[] row = {0.5f, 0.9f, Float.NEGATIVE_INFINITY, 0.5f, -0f, 0f, 0.9f};
        assertThat(NeighbourMetrics.rankRow(row, 6)).containsExactly(1, 6, 0, 3, 4, 5);
    }
}
