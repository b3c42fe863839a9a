package org.jdml.runner.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.runner.model.WeightInit;
import org.junit.jupiter.api.Test;

class TrainSettingsTest {

    private static final Config REFERENCE = ConfigFactory.defaultReference(TrainSettingsTest.class.getClassLoader());

    private static Config run(String text) {
        return ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription("run.conf"))
                .withFallback(REFERENCE).resolve();
    }

    @Test
    void theDefaultsAreTheBenchmarksSettings() {
        TrainSettings s = TrainSettings.of(REFERENCE.resolve(), REFERENCE, 0);
        assertThat(s.model().embeddingSize()).isEqualTo(64);
        assertThat(s.model().normalize()).isTrue();
        assertThat(s.loop().batchSize()).isEqualTo(120);
        assertThat(s.loop().epochs()).isEqualTo(1);
        assertThat(s.loop().iterationsPerEpoch(35_000)).isEqualTo(292);
        assertThat(s.optimizer().kind()).isEqualTo(TrainSettings.OptimizerKind.ADAM);
        assertThat(s.optimizer().learningRate()).isEqualTo(1e-3);
        assertThat(s.optimizer().weightDecay()).isZero();
        assertThat(s.schedule().kind()).isEqualTo(LearningRateSchedule.Kind.CONSTANT);
        assertThat(s.loop().onNonFinite()).isEqualTo(TrainSettings.OnNonFinite.STOP);
    }

    @Test
    void everyBadValueIsReportedWithItsOrigin() {
        Config bad = run("""
                jdml.run.device = tpu
                jdml.run.threads = -1
                jdml.train.learning-rate = -0.1
                jdml.train.schedule.name = linear
                jdml.train.adam.beta1 = 1.0
                jdml.train.on-non-finite = ignore
                jdml.checkpoint.keep = 0
                jdml.train.no-such-key = 3
                """);
        assertThatThrownBy(() -> TrainSettings.of(bad, REFERENCE, 0)).isInstanceOf(JdmlConfigurationException.class)
                .satisfies(e -> assertThat(((JdmlConfigurationException) e).problems()).hasSize(8))
                .hasMessageContaining("run.conf: 1: Invalid value at 'jdml.run.device'")
                .hasMessageContaining("run.conf: 2: Invalid value at 'jdml.run.threads': must be >= 0")
                .hasMessageContaining("run.conf: 3: Invalid value at 'jdml.train.learning-rate': must be > 0, was -0.1")
                .hasMessageContaining("run.conf: 4: Invalid value at 'jdml.train.schedule.name': must be one of "
                        + "[constant, step, cosine], was 'linear'")
                .hasMessageContaining("'jdml.train.adam.beta1': must be in [0, 1)")
                .hasMessageContaining("'jdml.train.on-non-finite': must be one of [stop, skip-batch]")
                .hasMessageContaining("'jdml.checkpoint.keep': must be >= 1")
                .hasMessageContaining("Unknown settings for training: [no-such-key] (run.conf: 8)");
    }

    @Test
    void weightInitIsHeNormalByDefaultAndAnUnknownOneIsReportedWithItsOrigin() {
        assertThat(TrainSettings.of(REFERENCE.resolve(), REFERENCE, 0).model().weightInit())
                .isEqualTo(WeightInit.HE_NORMAL);
        assertThat(TrainSettings.of(run("jdml.model.weight-init = torch"), REFERENCE, 0).model().weightInit())
                .isEqualTo(WeightInit.TORCH);
        assertThatThrownBy(() -> TrainSettings.of(run("jdml.model.weight-init = xavier"), REFERENCE, 0))
                .hasMessageContaining("run.conf: 1: Invalid value at 'jdml.model.weight-init': must be one of "
                        + "[he-normal, torch], was 'xavier'");
    }

    @Test
    void severalDevicesAreReadInOrderAndABadListIsReportedWithItsOrigin() {
        TrainSettings two = TrainSettings.of(run("jdml.run.device = \"gpu:1,gpu:0\""), REFERENCE, 2);
        assertThat(two.run().devices()).containsExactly(Device.gpu(1), Device.gpu(0));
        assertThat(two.run().device()).isEqualTo(Device.gpu(1));
        assertThat(TrainSettings.of(run("jdml.run.device = auto"), REFERENCE, 3).run().devices()).hasSize(3);

        Config repeated = run("jdml.run.device = \"gpu:0,gpu:0\"");
        assertThatThrownBy(() -> TrainSettings.of(repeated, REFERENCE, 2))
                .hasMessageContaining("run.conf: 1: Invalid value at 'jdml.run.device': names GPU 0 twice, was"
                        + " 'gpu:0,gpu:0'");
        Config tooSmall = run("""
                jdml.run.device = "gpu:all"
                jdml.train.batch-size = 3
                """);
        assertThatThrownBy(() -> TrainSettings.of(tooSmall, REFERENCE, 4))
                .hasMessageContaining("run.conf: 2: Invalid value at 'jdml.train.batch-size': must be at least the"
                        + " number of devices that train (4, jdml.run.device = 'gpu:all'), was 3");
    }

    /** The settings as read on a CPU whose cpuinfo lists {@code flags}. */
    private static TrainSettings onCpuWithFlags(String flags, String text) {
        return TrainingFixtures.withCpuFlags(flags, () -> TrainSettings.of(run(text), REFERENCE, 0));
    }

    @Test
    void theDefaultComputesInFloat32WithoutLossScaling() {
        TrainSettings s = TrainSettings.of(REFERENCE.resolve(), REFERENCE, 0);
        assertThat(s.compute().computations()).isEqualTo(org.jdml.runner.model.Computations.PLAIN);
        assertThat(s.compute().lossScale()).isEmpty();
    }

    @Test
    void bfloat16IsRefusedOnACpuThatWouldEmulateIt() {
        assertThatThrownBy(() -> onCpuWithFlags("avx2 avx512f", "jdml.train.precision = bf16"))
                .isInstanceOf(JdmlConfigurationException.class)
                .hasMessageContaining("run.conf: 1: Invalid value at 'jdml.train.precision': 'bf16' cannot run natively"
                        + " on cpu(): the CPU (Test CPU 9000) has no native bfloat16 arithmetic")
                .hasMessageContaining("avx512_bf16")
                .hasMessageContaining("Use fp32, or auto");
        assertThatThrownBy(() -> onCpuWithFlags("avx2", "jdml.train.embed-precision = bf16"))
                .hasMessageContaining("'jdml.train.embed-precision': 'bf16' cannot run natively");
    }

    @Test
    void bfloat16IsAcceptedWhereTheCpuHasItAndAutoChoosesIt() {
        TrainSettings bf16 = onCpuWithFlags("avx512f avx512_bf16", "jdml.train.precision = bf16");
        assertThat(bf16.compute().computations().training().precision()).isEqualTo(org.jdml.runner.model.Precision.BF16);
        assertThat(bf16.compute().computations().embedding().precision()).as("embed-precision = train")
                .isEqualTo(org.jdml.runner.model.Precision.BF16);
        assertThat(bf16.compute().lossScale()).as("bfloat16 needs no scaling").isEmpty();
        TrainSettings amx = onCpuWithFlags("amx_bf16 amx_tile", "jdml.train.precision = auto\n"
                + "jdml.train.embed-precision = fp32\njdml.train.memory-format = channels-last");
        assertThat(amx.compute().computations().training())
                .isEqualTo(new org.jdml.runner.model.Computation(org.jdml.runner.model.Precision.BF16, true));
        assertThat(amx.compute().computations().embedding())
                .isEqualTo(new org.jdml.runner.model.Computation(org.jdml.runner.model.Precision.FP32, true));
        TrainSettings plain = onCpuWithFlags("avx2", "jdml.train.precision = auto");
        assertThat(plain.compute().computations().training().precision()).as("nothing native: fp32")
                .isEqualTo(org.jdml.runner.model.Precision.FP32);
    }

    @Test
    void float16IsRefusedOnEveryCpu() {
        assertThatThrownBy(() -> onCpuWithFlags("avx512_bf16 avx512_fp16 amx_fp16", "jdml.train.precision = fp16"))
                .hasMessageContaining("'jdml.train.precision': 'fp16' cannot run natively on cpu(): the CPU (Test CPU"
                        + " 9000) has no float16 training kernels");
    }

    @Test
    void lossScalingIsForFloat16UnlessAsked() {
        TrainSettings dynamic = onCpuWithFlags("avx2", "jdml.train.loss-scaling = dynamic\n"
                + "jdml.train.loss-scale { initial = 0.5, growth-interval = 7, minimum = 0.125 }");
        assertThat(dynamic.compute().lossScale()).contains(new TrainSettings.LossScaleSettings(0.5f, 7, 0.125f));
        assertThatThrownBy(() -> onCpuWithFlags("avx2", "jdml.train.loss-scaling = dynamic\n"
                + "jdml.train.loss-scale { initial = 3, growth-interval = 0, minimum = 4 }"))
                .satisfies(e -> assertThat(((JdmlConfigurationException) e).problems()).hasSize(3))
                .hasMessageContaining("'jdml.train.loss-scale.initial': must be a power of two")
                .hasMessageContaining("'jdml.train.loss-scale.growth-interval': must be >= 1")
                .hasMessageContaining("'jdml.train.loss-scale.minimum': must be > 0 and at most loss-scale.initial");
    }

    @Test
    void aModelThatOnlyEmbedsChecksOnlyThePrecisionItEmbedsIn() {
        TrainingFixtures.withCpuFlags("avx2", () -> {
            TrainSettings float32 = TrainSettings.forEmbedding(run("jdml.train.precision = bf16\n"
                    + "jdml.train.embed-precision = fp32"), REFERENCE, 0);
            assertThat(float32.compute().computations().embedding().precision())
                    .isEqualTo(org.jdml.runner.model.Precision.FP32);
            assertThatThrownBy(() -> TrainSettings.forEmbedding(run("jdml.train.precision = bf16"), REFERENCE, 0))
                    .hasMessageContaining("'jdml.train.precision': 'bf16' cannot run natively");
            assertThatThrownBy(() -> TrainSettings.of(run("jdml.train.precision = bf16\n"
                    + "jdml.train.embed-precision = fp32"), REFERENCE, 0))
                    .as("training checks both").hasMessageContaining("'jdml.train.precision': 'bf16' cannot run");
            return null;
        });
    }
}
