package org.jdml.runner.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DevicesTest {

    private final List<String> problems = new ArrayList<>();

    private List<Device> parse(String spec, int gpuCount) {
        return Devices.parse(spec, gpuCount, problems::add);
    }

    @Test
    void singleDevicesMapToThemselvesAndAutoTakesEveryGpu() {
        assertThat(parse("auto", 0)).containsExactly(Device.cpu());
        assertThat(parse("auto", 1)).containsExactly(Device.gpu(0));
        assertThat(parse("auto", 3)).containsExactly(Device.gpu(0), Device.gpu(1), Device.gpu(2));
        assertThat(parse("cpu", 2)).containsExactly(Device.cpu());
        assertThat(parse("gpu", 1)).containsExactly(Device.gpu(0));
        assertThat(parse("gpu:1", 2)).containsExactly(Device.gpu(1));
        assertThat(problems).isEmpty();
    }

    @Test
    void listsAndGpuAllNameSeveralGpusInTheirOrder() {
        assertThat(parse("gpu:all", 2)).containsExactly(Device.gpu(0), Device.gpu(1));
        assertThat(parse("gpu:0,gpu:1", 2)).containsExactly(Device.gpu(0), Device.gpu(1));
        assertThat(parse("gpu:2, gpu:0", 4)).as("the first is the main device")
                .containsExactly(Device.gpu(2), Device.gpu(0));
        assertThat(parse("gpu,gpu:3", 4)).containsExactly(Device.gpu(0), Device.gpu(3));
        assertThat(problems).isEmpty();
    }

    @Test
    void unknownMissingOrRepeatedDevicesAreProblemsNamingTheValue() {
        assertThat(parse("tpu", 0)).containsExactly(Device.cpu());
        parse("gpu:2", 2);
        parse("gpu", 0);
        parse("gpu:all", 0);
        parse("gpu:0,gpu:0", 2);
        parse("gpu:0,cpu", 2);
        parse("gpu:0,", 2);
        parse("gpu:0,gpu:5", 2);
        assertThat(problems).hasSize(8);
        assertThat(problems.get(0)).contains("must be auto, cpu, gpu, gpu:N (N = 0, 1, ...), gpu:all or a list")
                .endsWith("was 'tpu'");
        assertThat(problems.get(1)).contains("names GPU 2 but the engine sees 2 GPU(s), gpu:0 to gpu:1")
                .endsWith("was 'gpu:2'");
        assertThat(problems.get(2)).contains("names GPU 0 but the engine sees no GPU").contains("CUDA build");
        assertThat(problems.get(3)).contains("names every GPU but the engine sees none").endsWith("was 'gpu:all'");
        assertThat(problems.get(4)).isEqualTo("names GPU 0 twice, was 'gpu:0,gpu:0'");
        assertThat(problems.get(5)).contains("a list names GPUs only").contains("'cpu' is not one")
                .endsWith("was 'gpu:0,cpu'");
        assertThat(problems.get(6)).contains("'' is not one").endsWith("was 'gpu:0,'");
        assertThat(problems.get(7)).contains("names GPU 5 but the engine sees 2 GPU(s)");
    }
}
