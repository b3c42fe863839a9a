package org.jdml.runner.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.jdml.runner.train.LearningRateSchedule.Kind;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void constantWithWarmUpRisesLinearlyThenHolds() {
        LearningRateSchedule s = new LearningRateSchedule(Kind.CONSTANT, 0.1, 4, 10, 100, 1, 0.1, 0);
        assertThat(s.at(0)).isCloseTo(0.025, within(1e-12));
        assertThat(s.at(1)).isCloseTo(0.05, within(1e-12));
        assertThat(s.at(3)).isCloseTo(0.1, within(1e-12));
        assertThat(s.at(4)).isCloseTo(0.1, within(1e-12));
        assertThat(s.at(99)).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void stepMultipliesByTheFactorEveryNEpochs() {
        // 10 iterations per epoch, times 0.5 every 2 epochs
        LearningRateSchedule s = new LearningRateSchedule(Kind.STEP, 1.0, 0, 10, 100, 2, 0.5, 0);
        assertThat(s.at(0)).isEqualTo(1.0);
        assertThat(s.at(19)).isEqualTo(1.0);
        assertThat(s.at(20)).isEqualTo(0.5);
        assertThat(s.at(39)).isEqualTo(0.5);
        assertThat(s.at(40)).isEqualTo(0.25);
        assertThat(s.at(99)).isEqualTo(0.0625);
    }

    @Test
    void cosineFallsFromTheBaseToTheFinalFactorAtTheLastIteration() {
        // 11 iterations, 1 of warm-up: the cosine runs over iterations 1..10
        LearningRateSchedule s = new LearningRateSchedule(Kind.COSINE, 2.0, 1, 11, 11, 1, 0.1, 0.1);
        assertThat(s.at(0)).isCloseTo(2.0, within(1e-12)); // warm-up 1/1 of the cosine's start
        assertThat(s.at(1)).isCloseTo(2.0, within(1e-12));
        // iteration 6 is (6 - 1) / 9 of the way: 0.1 + 0.9 * 0.5 * (1 + cos(pi * 5/9)) times the base
        assertThat(s.at(6)).isCloseTo(2.0 * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * 5 / 9.0))), within(1e-12));
        assertThat(s.at(10)).isCloseTo(0.2, within(1e-12));
        assertThat(s.at(50)).isCloseTo(0.2, within(1e-12));
        // no final factor: zero at the end, and the middle is exactly half
        LearningRateSchedule zero = new LearningRateSchedule(Kind.COSINE, 1.0, 0, 5, 5, 1, 0.1, 0);
        assertThat(zero.at(2)).isCloseTo(0.5, within(1e-12));
        assertThat(zero.at(4)).isCloseTo(0.0, within(1e-12));
    }
}
