package org.jdml.backbone.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** jdml's batch norm is DJL's in names, order and results, and frozen it keeps its running statistics. */
class BatchNormTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private NDArray input() {
        Engine.getInstance().setRandomSeed(7);
        return manager.randomNormal(2, 3, new Shape(8, 4, 5, 5), DataType.FLOAT32);
    }

    private BatchNorm initialised() {
        BatchNorm bn = BatchNorm.builder().build();
        bn.initialize(manager, DataType.FLOAT32, new Shape(8, 4, 5, 5));
        // running statistics away from their start, so that using them shows
        bn.getParameters().get("runningMean").getArray().addi(0.5f);
        bn.getParameters().get("runningVar").getArray().muli(2f);
        return bn;
    }

    private static float[] values(Block block, String name) {
        return block.getParameters().get(name).getArray().toFloatArray();
    }

    private static NDArray forward(Block block, NDArray x, boolean training) {
        return block.forward(new ParameterStore(x.getManager(), false), new NDList(x), training).singletonOrThrow();
    }

    @Test
    void itIsNamedAndLaidOutAsDjlsBatchNorm() {
        Block ours = new SequentialBlock().add(Linear.builder().setUnits(3).build()).add(BatchNorm.builder().build());
        Block djls = new SequentialBlock().add(Linear.builder().setUnits(3).build())
                .add(ai.djl.nn.norm.BatchNorm.builder().build());
        ours.initialize(manager, DataType.FLOAT32, new Shape(2, 5));
        djls.initialize(manager, DataType.FLOAT32, new Shape(2, 5));
        assertThat(ours.getParameters().keys()).isEqualTo(djls.getParameters().keys())
                .contains("02BatchNorm_gamma", "02BatchNorm_beta", "02BatchNorm_runningMean", "02BatchNorm_runningVar");
        for (String name : djls.getParameters().keys().subList(2, 6)) {
            Parameter theirs = djls.getParameters().get(name);
            Parameter mine = ours.getParameters().get(name);
            assertThat(mine.getType()).as(name).isEqualTo(theirs.getType());
            assertThat(mine.requiresGradient()).as(name).isEqualTo(theirs.requiresGradient());
            assertThat(mine.getArray().toFloatArray()).as(name).containsExactly(theirs.getArray().toFloatArray());
        }
    }

    @Test
    void unfrozenItComputesAsDjlsBatchNormAndMovesItsStatistics() {
        BatchNorm ours = initialised();
        ai.djl.nn.norm.BatchNorm djls = ai.djl.nn.norm.BatchNorm.builder().build();
        djls.initialize(manager, DataType.FLOAT32, new Shape(8, 4, 5, 5));
        djls.getParameters().get("runningMean").getArray().addi(0.5f);
        djls.getParameters().get("runningVar").getArray().muli(2f);
        float[] before = values(ours, "runningMean");
        NDArray x = input();
        assertThat(forward(ours, x, true).toFloatArray()).containsExactly(forward(djls, x, true).toFloatArray());
        assertThat(values(ours, "runningMean")).isNotEqualTo(before).containsExactly(values(djls, "runningMean"));
        assertThat(values(ours, "runningVar")).containsExactly(values(djls, "runningVar"));
    }

    @Test
    void frozenItNormalisesWithItsRunningStatisticsInTrainingAndLeavesThemUnchanged() {
        BatchNorm bn = initialised();
        bn.freezeStatistics(true);
        float[] mean = values(bn, "runningMean");
        float[] variance = values(bn, "runningVar");
        NDArray x = input();
        NDArray evaluation = forward(bn, x, false);
        NDArray training;
        NDArray gradient;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            x.setRequiresGradient(true);
            training = forward(bn, x, true);
            collector.backward(training.mul(training).sum());
            gradient = x.getGradient();
        }
        assertThat(training.toFloatArray()).containsExactly(evaluation.toFloatArray());
        assertThat(values(bn, "runningMean")).containsExactly(mean);
        assertThat(values(bn, "runningVar")).containsExactly(variance);
        assertThat(gradient.abs().sum().getFloat()).as("the gradient reaches the input").isGreaterThan(0f);
        for (String learnable : List.of("gamma", "beta")) {
            NDArray g = bn.getParameters().get(learnable).getArray().getGradient();
            assertThat(g.abs().sum().getFloat()).as("the gradient reaches " + learnable).isGreaterThan(0f);
        }
        bn.freezeStatistics(false);
        forward(bn, x.stopGradient(), true);
        assertThat(values(bn, "runningMean")).as("thawed, it learns again").isNotEqualTo(mean);
    }
}
