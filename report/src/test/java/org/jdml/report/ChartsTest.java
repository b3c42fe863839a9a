package org.jdml.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ChartsTest {

    @Test
    void movingAverageIsTheTrailingMean() {
        double[] y = {4, 2, 6, 0, 10};
        // window 2: 4, (4+2)/2, (2+6)/2, (6+0)/2, (0+10)/2
        assertThat(Charts.movingAverage(y, 2)).containsExactly(new double[] {4, 3, 4, 3, 5}, within(1e-12));
        assertThat(Charts.movingAverage(y, 1)).containsExactly(y, within(0.0));
        // window longer than the data: running mean
        assertThat(Charts.movingAverage(y, 10)).containsExactly(new double[] {4, 3, 4, 3, 22 / 5.0}, within(1e-12));
    }

    @Test
    void smoothingWindowGrowsWithTheNumberOfPoints() {
        assertThat(Charts.smoothingWindow(10)).isEqualTo(1);
        assertThat(Charts.smoothingWindow(2910)).isEqualTo(116);
        assertThat(Charts.smoothingWindow(1_000_000)).isEqualTo(500);
    }
}
