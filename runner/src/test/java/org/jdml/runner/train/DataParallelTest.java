package org.jdml.runner.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.typesafe.config.Config;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.api.engine.EngineAdapter;
import org.jdml.runner.engine.EngineSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Data-parallel training with every replica on the CPU: replicas are found by parameter, not by
 * device, so the whole path (split, replica forward, gather, gradient sum, update, copy back) runs
 * here as it would over GPUs.
 */
class DataParallelTest {

    /** The small run without batch norm, whose output for an item does not depend on the rest of the batch. */
    private static final String NO_BATCH_NORM = "jdml.backbone.mlp.batch-norm = false";
    /** SGD: the update is linear in the gradient, so float noise in it stays noise (Adam's first step is lr * sign). */
    private static final String SGD = "jdml.train { optimizer = sgd, learning-rate = 0.05 }";

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private TrainingLoop loop(int devices, String... sets) {
        Config config = TrainingFixtures.config(sets);
        return new TrainingLoop(TrainingFixtures.components(config, manager),
                TrainingFixtures.onCpuReplicas(TrainingFixtures.settings(config), devices), manager);
    }

    @Test
    void aBatchSplitsIntoContiguousSlicesAsEqualAsPossible() {
        assertThat(DataParallel.slices(32, 1)).containsExactly(32);
        assertThat(DataParallel.slices(32, 2)).containsExactly(16, 16);
        assertThat(DataParallel.slices(32, 3)).containsExactly(11, 11, 10);
        assertThat(DataParallel.slices(7, 4)).containsExactly(2, 2, 2, 1);
        assertThat(DataParallel.slices(2, 3)).as("no empty slice").containsExactly(1, 1);
    }

    /** What one forward and backward pass gave. */
    private record Pass(float[] embeddings, float loss, List<float[]> gradients, List<float[]> mainOnly) {}

    /**
     * Embeds a fixed batch, takes a loss that couples every pair of items (so the gathered batch
     * matters), runs backward and reads each trainable parameter's summed and main-only gradient.
     */
    private Pass pass(DataParallel devices, List<Parameter> trainable) {
        Random random = new Random(7);
        float[] items = new float[32 * 16];
        float[] pairWeights = new float[32 * 32];
        for (int i = 0; i < items.length; i++) {
            items[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < pairWeights.length; i++) {
            pairWeights[i] = (float) random.nextGaussian();
        }
        try (NDManager scratch = manager.newSubManager()) {
            NDArray x = scratch.create(items, new Shape(32, 16));
            NDArray weights = scratch.create(pairWeights, new Shape(32, 32));
            NDArray embeddings;
            NDArray loss;
            try (EngineAdapter.Scope keepAlive = EngineSetup.keepGraphAlive();
                    GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                embeddings = devices.forward(x);
                loss = embeddings.matMul(embeddings.transpose()).mul(weights).sum().add(embeddings.sum());
                collector.backward(loss);
            }
            List<float[]> gradients = new ArrayList<>();
            List<float[]> mainOnly = new ArrayList<>();
            for (Parameter p : trainable) {
                gradients.add(devices.gradient(p, scratch).toFloatArray());
                NDArray main = p.getArray().getGradient();
                main.attach(scratch);
                mainOnly.add(main.toFloatArray());
                EngineSetup.zeroGradient(p.getArray());
            }
            devices.zeroReplicaGradients();
            return new Pass(embeddings.toFloatArray(), loss.getFloat(), gradients, mainOnly);
        }
    }

    @Test
    void twoAndThreeReplicasGiveTheEmbeddingsLossAndGradientsOfOneDevice() {
        try (TrainingLoop loop = loop(1, NO_BATCH_NORM)) {
            List<Parameter> trainable = loop.network().getParameters().values().stream()
                    .filter(Parameter::requiresGradient).toList();
            assertThat(trainable).hasSize(4); // hidden and embedding layer, weight and bias each
            ParameterStore store = new ParameterStore(manager, false);
            Pass one = pass(new DataParallel(loop.network(), store, manager, List.of(Device.cpu())), trainable);
            for (int replicas : new int[] {2, 3}) {
                try (DataParallel devices = new DataParallel(loop.network(), store, manager,
                        Collections.nCopies(replicas, Device.cpu()))) {
                    Pass split = pass(devices, trainable);
                    assertThat(split.embeddings()).containsExactly(one.embeddings(), within(1e-6f));
                    assertThat(split.loss()).isCloseTo(one.loss(), within(1e-4f * Math.abs(one.loss())));
                    for (int i = 0; i < trainable.size(); i++) {
                        float scale = maxAbs(one.gradients().get(i));
                        assertThat(scale).isGreaterThan(0f);
                        assertThat(split.gradients().get(i)).as("%s on %d replicas", trainable.get(i).getName(),
                                replicas).containsExactly(one.gradients().get(i), within(1e-5f * scale));
                        // the replicas' part is real: the main device's gradient alone is far from the sum
                        assertThat(maxDifference(split.mainOnly().get(i), one.gradients().get(i)))
                                .isGreaterThan(0.1f * scale);
                    }
                }
            }
        }
    }

    @Test
    void inBfloat16ThreeReplicasGiveTheEmbeddingsAndFloat32GradientsOfOneDeviceWithinItsPrecision() {
        org.jdml.runner.model.Computation bf16 = new org.jdml.runner.model.Computation(
                org.jdml.runner.model.Precision.BF16, false);
        try (TrainingLoop loop = loop(1, NO_BATCH_NORM)) {
            List<Parameter> trainable = loop.network().getParameters().values().stream()
                    .filter(Parameter::requiresGradient).toList();
            ParameterStore store = new ParameterStore(manager, false);
            Pass float32 = pass(new DataParallel(loop.network(), store, manager, List.of(Device.cpu())), trainable);
            Pass one = pass(new DataParallel(loop.network(), store, manager, List.of(Device.cpu()), bf16), trainable);
            assertThat(one.embeddings()).isNotEqualTo(float32.embeddings());
            try (DataParallel devices = new DataParallel(loop.network(), store, manager,
                    Collections.nCopies(3, Device.cpu()), bf16)) {
                Pass split = pass(devices, trainable);
                assertThat(split.embeddings()).containsExactly(one.embeddings(), within(1e-2f));
                for (int i = 0; i < trainable.size(); i++) {
                    float scale = maxAbs(one.gradients().get(i));
                    assertThat(split.gradients().get(i)).as(trainable.get(i).getName())
                            .containsExactly(one.gradients().get(i), within(2e-2f * scale));
                }
            }
        }
    }

    @Test
    void stepsOnTwoAndThreeReplicasFollowOneDeviceAndLeaveEveryReplicaEqualToTheMain() {
        int steps = 6;
        List<float[]> oneDevice = new ArrayList<>();
        double[] oneLosses = new double[steps];
        try (TrainingLoop loop = loop(1, NO_BATCH_NORM, SGD)) {
            for (int i = 0; i < steps; i++) {
                oneLosses[i] = loop.step().loss();
            }
            loop.network().getParameters().values().forEach(p -> oneDevice.add(p.getArray().toFloatArray()));
        }
        for (int replicas : new int[] {2, 3}) {
            try (TrainingLoop loop = loop(replicas, NO_BATCH_NORM, SGD)) {
                for (int i = 0; i < steps; i++) {
                    StepResult step = loop.step();
                    assertThat(step.loss()).as("loss of step %d on %d replicas", i, replicas)
                            .isCloseTo(oneLosses[i], within(1e-5 * oneLosses[i]));
                }
                List<Parameter> parameters = List.copyOf(loop.network().getParameters().values());
                for (int p = 0; p < parameters.size(); p++) {
                    float[] main = parameters.get(p).getArray().toFloatArray();
                    assertThat(main).as(parameters.get(p).getName())
                            .containsExactly(oneDevice.get(p), within(1e-5f));
                    for (int r = 1; r < replicas; r++) {
                        assertThat(loop.dataParallel().replicaValue(r, parameters.get(p)).toFloatArray())
                                .as("replica %d of %s", r, parameters.get(p).getName()).containsExactly(main);
                    }
                }
            }
        }
    }

    @Test
    void batchNormRunningMeansAreTheSliceWeightedMeanOfTheReplicasOnes() {
        float[] oneDevice;
        try (TrainingLoop loop = loop(1, SGD)) {
            loop.step();
            oneDevice = runningMean(loop).getArray().toFloatArray();
        }
        try (TrainingLoop loop = loop(3, SGD)) {
            loop.step();
            Parameter mean = runningMean(loop);
            float[] main = mean.getArray().toFloatArray();
            // each replica saw a third of the batch; their average is the mean over the whole batch
            assertThat(main).containsExactly(oneDevice, within(1e-5f));
            assertThat(maxAbs(main)).isGreaterThan(0.01f);
            for (Parameter p : loop.network().getParameters().values()) {
                if (!p.requiresGradient()) {
                    assertThat(loop.dataParallel().replicaValue(2, p).toFloatArray()).containsExactly(
                            p.getArray().toFloatArray());
                }
            }
        }
    }

    private static Parameter runningMean(TrainingLoop loop) {
        return loop.network().getParameters().values().stream().filter(p -> p.getName().contains("runningMean"))
                .findFirst().orElseThrow();
    }

    @Test
    void replicasAddNoArrayThatOutlivesItsIteration() {
        try (TrainingLoop loop = loop(3)) {
            int arraysAfterWarmUp = 0;
            for (int i = 0; i < 12; i++) {
                loop.step();
                if (i == 2) {
                    arraysAfterWarmUp = ((BaseNDManager) manager).getManagedArrays().size();
                }
            }
            assertThat(((BaseNDManager) manager).getManagedArrays()).hasSize(arraysAfterWarmUp);
        }
    }

    @Test
    void aTorchScriptBackboneIsRefusedOnSeveralDevicesNamingTheSetting() throws URISyntaxException {
        Path script = org.jdml.runner.model.TorchScriptCheckpointTest.TINY_MLP;
        String[] sets = {"jdml.backbone.name = torchscript", "jdml.backbone.torchscript.path = \"" + script + "\""};
        assertThatThrownBy(() -> loop(2, sets)).isInstanceOf(JdmlConfigurationException.class)
                .hasMessageContaining("jdml.run.device names 2 devices")
                .hasMessageContaining("torchscript backbone");
        try (TrainingLoop oneDevice = loop(1, sets)) {
            assertThat(oneDevice.dataParallel().deviceCount()).isEqualTo(1);
        }
    }

    @Test
    @Tag("gpu")
    void twoGpusTrainLikeOneAndKeepTheReplicaOnTheSecond() {
        assumeTrue(Engine.getInstance().getGpuCount() >= 2, "fewer than two GPUs");
        assertSameLosses(losses("gpu:0", List.of()), losses("gpu:0,gpu:1", List.of()));
    }

    @Test
    @Tag("gpu")
    void aReplicaOnTheCpuBesideTheGpuTrainsLikeTheGpuAlone() {
        // one GPU is enough to move slices, embeddings and gradients between two devices
        assumeTrue(Engine.getInstance().getGpuCount() >= 1, "no GPU");
        assertSameLosses(losses("gpu:0", List.of()), losses("gpu:0", List.of(Device.gpu(0), Device.cpu())));
    }

    private static void assertSameLosses(double[] expected, double[] actual) {
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("loss of step %d", i).isCloseTo(expected[i], within(1e-4 * expected[i]));
        }
    }

    /**
     * Losses of the first five steps of the small run (no batch norm, SGD) on the devices the setting
     * names, or on {@code devices} when given; checks that every replica equals the main parameters.
     */
    private static double[] losses(String setting, List<Device> devices) {
        Config config = TrainingFixtures.config("jdml.run.device = \"" + setting + "\"", NO_BATCH_NORM, SGD);
        TrainSettings settings = devices.isEmpty() ? TrainingFixtures.settings(config)
                : TrainingFixtures.onDevices(TrainingFixtures.settings(config), devices);
        int steps = 5;
        try (NDManager gpu = NDManager.newBaseManager(settings.run().device());
                TrainingLoop loop = new TrainingLoop(TrainingFixtures.components(config, gpu), settings, gpu)) {
            double[] losses = new double[steps];
            for (int i = 0; i < steps; i++) {
                losses[i] = loop.step().loss();
            }
            for (int r = 1; r < settings.run().devices().size(); r++) {
                for (Parameter p : loop.network().getParameters().values()) {
                    NDArray replica = loop.dataParallel().replicaValue(r, p);
                    assertThat(replica.getDevice()).isEqualTo(settings.run().devices().get(r));
                    assertThat(replica.toFloatArray()).containsExactly(p.getArray().toFloatArray());
                }
            }
            return losses;
        }
    }

    private static float maxAbs(float[] values) {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static float maxDifference(float[] a, float[] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
