package org.jdml.runner.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class LossScalerTest {

    @Test
    void halvesOnEachOverflowAndDoublesAfterTheGrowthIntervalOfGoodStepsInARow() {
        LossScaler scaler = new LossScaler(1024f, 3, 1f);
        scaler.overflowed();
        assertThat(scaler.scale()).isEqualTo(512f);
        scaler.stepped();
        scaler.stepped();
        scaler.overflowed(); // breaks the run of good steps
        assertThat(scaler.scale()).isEqualTo(256f);
        scaler.stepped();
        scaler.stepped();
        assertThat(scaler.scale()).isEqualTo(256f);
        scaler.stepped(); // the third good step in a row
        assertThat(scaler.scale()).isEqualTo(512f);
        scaler.stepped();
        scaler.stepped();
        scaler.stepped();
        assertThat(scaler.scale()).isEqualTo(1024f);
        assertThat(scaler.overflows()).isEqualTo(2);
    }

    @Test
    void stopsBackingOffAtTheMinimumAndNeverGrowsPastTheLargestFloat() {
        LossScaler low = new LossScaler(4f, 2000, 1f);
        assertThat(low.canBackOff()).isTrue();
        low.overflowed();
        assertThat(low.canBackOff()).isTrue();
        low.overflowed();
        assertThat(low.scale()).isEqualTo(1f);
        assertThat(low.canBackOff()).as("half of 1 is below the minimum").isFalse();

        LossScaler high = new LossScaler(0x1p127f, 1, 1f);
        high.stepped();
        high.stepped();
        assertThat(high.scale()).isEqualTo(0x1p127f);
    }

    @Test
    void itsStateRoundTrips() throws IOException {
        LossScaler scaler = new LossScaler(65536f, 5, 1f);
        scaler.overflowed();
        scaler.stepped();
        scaler.stepped();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        scaler.save(new DataOutputStream(bytes));
        LossScaler restored = new LossScaler(65536f, 5, 1f);
        restored.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        for (LossScaler s : new LossScaler[] {scaler, restored}) {
            s.stepped();
            s.stepped();
        }
        // both had 2 good steps, then 2 more: the fifth has not come, the fourth has
        assertThat(restored.scale()).isEqualTo(scaler.scale()).isEqualTo(32768f);
        restored.stepped();
        assertThat(restored.scale()).isEqualTo(65536f);
        assertThat(restored.overflows()).isEqualTo(1);
    }
}
