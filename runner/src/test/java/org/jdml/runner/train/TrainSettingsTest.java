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
}
