package org.jdml.runner.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DevicesTest {

    @Test
    void namesMapToDevicesAndUnknownOrMissingOnesAreProblems() {
        List<String> problems = new ArrayList<>();
        assertThat(Devices.parse("auto", 0, problems::add)).isEqualTo(Device.cpu());
        assertThat(Devices.parse("auto", 2, problems::add)).isEqualTo(Device.gpu(0));
        assertThat(Devices.parse("cpu", 2, problems::add)).isEqualTo(Device.cpu());
        assertThat(Devices.parse("gpu", 1, problems::add)).isEqualTo(Device.gpu(0));
        assertThat(Devices.parse("gpu:1", 2, problems::add)).isEqualTo(Device.gpu(1));
        assertThat(problems).isEmpty();

        Devices.parse("tpu", 0, problems::add);
        Devices.parse("gpu:2", 2, problems::add);
        Devices.parse("gpu", 0, problems::add);
        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).contains("must be auto, cpu, gpu or gpu:N").contains("'tpu'");
        assertThat(problems.get(1)).contains("names GPU 2 but the engine sees 2 GPU(s), gpu:0 to gpu:1");
        assertThat(problems.get(2)).contains("names GPU 0 but the engine sees no GPU");
    }
}
