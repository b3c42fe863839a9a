package org.jdml.runner.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class TrainingLoopTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private TrainingLoop loop(String... sets) {
        Config config = TrainingFixtures.config(sets);
        return new TrainingLoop(TrainingFixtures.components(config, manager), TrainingFixtures.settings(config),
                manager);
    }

    @Test
    void theLossFallsAndNoArrayOutlivesItsIteration() {
        try (TrainingLoop loop = loop("jdml.train.learning-rate = 0.01")) {
            List<Double> losses = new ArrayList<>();
            int arraysAfterWarmUp = 0;
            for (int i = 0; i < 60; i++) {
                StepResult step = loop.step();
                assertThat(step.iteration()).isEqualTo(i);
                assertThat(step.skipped()).isFalse();
                losses.add(step.loss());
                if (i == 4) {
                    arraysAfterWarmUp = ((BaseNDManager) manager).getManagedArrays().size();
                }
            }
            assertThat(((BaseNDManager) manager).getManagedArrays()).hasSize(arraysAfterWarmUp);
            double first = losses.subList(0, 5).stream().mapToDouble(d -> d).average().orElseThrow();
            double last = losses.subList(55, 60).stream().mapToDouble(d -> d).average().orElseThrow();
            assertThat(last).isLessThan(0.7 * first);
        }
    }

    @Test
    @Tag("gpu")
    void trainsOnTheGpuLikeOnTheCpu() {
        assumeTrue(Engine.getInstance().getGpuCount() > 0, "no GPU");
        Config config = TrainingFixtures.config("jdml.run.device = gpu", "jdml.loss.name = test-centres");
        try (NDManager gpu = NDManager.newBaseManager(Device.gpu());
                TrainingLoop loop = new TrainingLoop(TrainingFixtures.components(config, gpu),
                        TrainingFixtures.settings(config), gpu)) {
            double first = loop.step().loss();
            for (int i = 0; i < 30; i++) {
                loop.step();
            }
            assertThat(loop.network().getParameters().get("02embedding_weight").getArray().getDevice())
                    .isEqualTo(Device.gpu());
            assertThat(loop.step().loss()).isLessThan(first);
        }
    }

    @Test
    void anEpochIsTheTrainingSetOverTheBatchSizeRoundedUp() {
        try (TrainingLoop loop = loop()) {
            assertThat(loop.iterationsPerEpoch()).isEqualTo(10); // 8 classes x 40 items / 32
            assertThat(loop.totalIterations()).isEqualTo(20);
            assertThat(loop.epochOf(9)).isEqualTo(1);
            assertThat(loop.epochOf(10)).isEqualTo(2);
        }
        try (TrainingLoop loop = loop("jdml.train.iterations-per-epoch = 3", "jdml.train.batch-size = 24")) {
            assertThat(loop.iterationsPerEpoch()).isEqualTo(3);
        }
    }

    @Test
    void theSameSeedRepeatsTheLossesBitForBit() {
        double[] first = losses(loop(), 8);
        double[] second = losses(loop(), 8);
        assertThat(second).containsExactly(first);
        double[] otherSeed = losses(loop("jdml.run.seed = 1"), 8);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    private static double[] losses(TrainingLoop loop, int steps) {
        try (loop) {
            double[] losses = new double[steps];
            for (int i = 0; i < steps; i++) {
                losses[i] = loop.step().loss();
            }
            return losses;
        }
    }

    @Test
    void lossParametersTrainWithTheirOwnMultiplier() {
        try (TrainingLoop loop = loop("jdml.loss.name = test-centres", "jdml.loss.test-centres.lr-multiplier = 10",
                "jdml.train.learning-rate = 0.001")) {
            List<TrainableParameter> parameters = loop.optimizer().parameters();
            TrainableParameter centres = parameters.stream().filter(p -> p.name().equals("loss/centres")).findFirst()
                    .orElseThrow();
            TrainableParameter head = parameters.stream().filter(p -> p.name().equals("model/02embedding_weight"))
                    .findFirst().orElseThrow();
            assertThat(centres.learningRateMultiplier()).isEqualTo(10f);
            float[] centresBefore = centres.parameter().getArray().toFloatArray();
            float[] headBefore = head.parameter().getArray().toFloatArray();
            loop.step();
            // Adam's first step moves every parameter with a non-zero gradient by lr (times its multiplier)
            assertThat(maxChange(centresBefore, centres.parameter().getArray().toFloatArray()))
                    .isCloseTo(0.01, org.assertj.core.api.Assertions.within(1e-4));
            assertThat(maxChange(headBefore, head.parameter().getArray().toFloatArray()))
                    .isCloseTo(0.001, org.assertj.core.api.Assertions.within(1e-5));
        }
    }

    private static double maxChange(float[] before, float[] after) {
        double max = 0;
        for (int i = 0; i < before.length; i++) {
            max = Math.max(max, Math.abs(after[i] - before[i]));
        }
        return max;
    }

    @Test
    void aNanLossStopsNamingTheIteration() {
        try (TrainingLoop loop = loop("jdml.train.log-every = 1", "jdml.loss.test-pairs.nan-at = 3")) {
            for (int i = 0; i < 3; i++) {
                loop.step();
            }
            assertThatThrownBy(loop::step).isInstanceOf(NonFiniteException.class)
                    .hasMessageContaining("loss is NaN at iteration 3");
        }
    }

    @Test
    void aNanGradientBehindAFiniteLossIsCaughtAndCanBeSkipped() {
        try (TrainingLoop loop = loop("jdml.loss.test-pairs { nan-at = 2, nan-in-gradient = true }",
                "jdml.train.on-non-finite = skip-batch")) {
            loop.step();
            loop.step();
            float[] before = loop.network().getParameters().get("02embedding_weight").getArray().toFloatArray();
            StepResult skipped = loop.step();
            assertThat(skipped.skipped()).isTrue();
            assertThat(skipped.loss()).isFinite();
            assertThat(skipped.gradientNorm()).isNaN();
            assertThat(loop.network().getParameters().get("02embedding_weight").getArray().toFloatArray())
                    .containsExactly(before);
            StepResult next = loop.step();
            assertThat(next.skipped()).isFalse();
            assertThat(next.gradientNorm()).isFinite();
            assertThat(loop.skippedBatches()).isEqualTo(1);
        }
    }

    @Test
    void scalingTheLossByAPowerOfTwoChangesNoBitOfAFloat32Run() {
        String weight = "02embedding_weight";
        float[] plainWeights;
        double[] plain;
        try (TrainingLoop loop = loop()) {
            plain = losses(loop, 8);
            plainWeights = loop.network().getParameters().get(weight).getArray().toFloatArray();
        }
        try (TrainingLoop scaled = loop("jdml.train.loss-scaling = dynamic", "jdml.train.loss-scale.initial = 1024")) {
            double[] losses = new double[8];
            for (int i = 0; i < 8; i++) {
                StepResult step = scaled.step();
                assertThat(step.lossScale()).isEqualTo(1024);
                losses[i] = step.loss();
            }
            assertThat(losses).containsExactly(plain);
            assertThat(scaled.network().getParameters().get(weight).getArray().toFloatArray())
                    .containsExactly(plainWeights);
        }
    }

    @Test
    void anOverflowDropsTheUpdateHalvesTheScaleAndGoodStepsGrowItBack() {
        // the loss's gradient is NaN at its third call while the loss is finite: to the scaler an overflow
        try (TrainingLoop loop = loop("jdml.loss.test-pairs { nan-at = 2, nan-in-gradient = true }",
                "jdml.train.loss-scaling = dynamic",
                "jdml.train.loss-scale { initial = 1024, growth-interval = 2 }")) {
            assertThat(loop.step().lossScale()).isEqualTo(1024);
            assertThat(loop.step().lossScale()).isEqualTo(1024); // the second good step in a row doubles it
            float[] before = loop.network().getParameters().get("02embedding_weight").getArray().toFloatArray();
            StepResult overflow = loop.step();
            assertThat(overflow.overflowed()).isTrue();
            assertThat(overflow.skipped()).as("not a non-finite skip").isFalse();
            assertThat(overflow.lossScale()).isEqualTo(2048);
            assertThat(overflow.loss()).isFinite();
            assertThat(loop.network().getParameters().get("02embedding_weight").getArray().toFloatArray())
                    .containsExactly(before);
            assertThat(loop.lossScale()).contains(1024f);
            StepResult next = loop.step();
            assertThat(next.overflowed()).isFalse();
            assertThat(next.lossScale()).isEqualTo(1024);
            loop.step();
            assertThat(loop.lossScale()).contains(2048f);
            assertThat(loop.overflowedBatches()).isEqualTo(1);
            assertThat(loop.skippedBatches()).isZero();
        }
    }

    @Test
    void atTheMinimumScaleANonFiniteGradientIsWhatOnNonFiniteHandles() {
        try (TrainingLoop loop = loop("jdml.loss.test-pairs { nan-at = 1, nan-in-gradient = true }",
                "jdml.train.loss-scaling = dynamic", "jdml.train.loss-scale { initial = 1, minimum = 1 }")) {
            loop.step();
            assertThatThrownBy(loop::step).isInstanceOf(NonFiniteException.class)
                    .hasMessageContaining("gradient norm is NaN at iteration 1");
            assertThat(loop.overflowedBatches()).isZero();
        }
    }

    @Test
    void aNonFiniteLossIsNoOverflowEvenWhenTheLossIsScaled() {
        try (TrainingLoop loop = loop("jdml.loss.test-pairs.nan-at = 1", "jdml.train.loss-scaling = dynamic")) {
            loop.step();
            assertThatThrownBy(loop::step).isInstanceOf(NonFiniteException.class)
                    .hasMessageContaining("loss is NaN at iteration 1");
        }
    }

    @Test
    void aBfloat16LoopLearnsAndItsParametersStayFloat32() {
        TrainingFixtures.withBfloat16Cpu(() -> {
            try (TrainingLoop loop = loop("jdml.train.precision = bf16")) {
                List<Double> losses = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    losses.add(loop.step().loss());
                }
                double first = losses.subList(0, 5).stream().mapToDouble(d -> d).average().orElseThrow();
                double last = losses.subList(35, 40).stream().mapToDouble(d -> d).average().orElseThrow();
                assertThat(last).isLessThan(0.8 * first);
                loop.network().getParameters().values().forEach(p ->
                        assertThat(p.getArray().getDataType()).as(p.getName()).isEqualTo(ai.djl.ndarray.types.DataType.FLOAT32));
            }
            return null;
        });
    }

    @Test
    @Tag("gpu")
    void trainsOnTheGpuInFloat16WithDynamicLossScaling() {
        trainsOnTheGpuIn(org.jdml.runner.model.Precision.FP16);
    }

    @Test
    @Tag("gpu")
    void trainsOnTheGpuInBfloat16() {
        trainsOnTheGpuIn(org.jdml.runner.model.Precision.BF16);
    }

    private void trainsOnTheGpuIn(org.jdml.runner.model.Precision precision) {
        assumeTrue(Engine.getInstance().getGpuCount() > 0, "no GPU");
        var problem = org.jdml.runner.engine.EngineSetup.adapter().nativePrecisionProblem(precision.dataType(),
                Device.gpu());
        assumeTrue(problem.isEmpty(), () -> problem.orElse(""));
        Config config = TrainingFixtures.config("jdml.run.device = gpu", "jdml.loss.name = test-centres",
                "jdml.train.precision = " + precision.label());
        try (NDManager gpu = NDManager.newBaseManager(Device.gpu());
                TrainingLoop loop = new TrainingLoop(TrainingFixtures.components(config, gpu),
                        TrainingFixtures.settings(config), gpu)) {
            StepResult first = loop.step();
            assertThat(first.lossScale()).isEqualTo(precision == org.jdml.runner.model.Precision.FP16 ? 65536 : Double.NaN);
            for (int i = 0; i < 30; i++) {
                loop.step();
            }
            var weight = loop.network().getParameters().get("02embedding_weight").getArray();
            assertThat(weight.getDevice()).isEqualTo(Device.gpu());
            assertThat(weight.getDataType()).isEqualTo(ai.djl.ndarray.types.DataType.FLOAT32);
            assertThat(loop.step().loss()).isLessThan(first.loss());
            assertThat(loop.skippedBatches()).isZero();
        }
    }
}
