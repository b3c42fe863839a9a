package org.example.jdml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.jdml.api.loss.LossFactory;
import org.jdml.api.loss.LossOutput;
import org.jdml.api.loss.MetricLoss;
import org.jdml.api.mining.Tuples;
import org.jdml.testkit.LossContract;
import org.junit.jupiter.api.Test;

/** The testkit's contract plus values worked out by hand. */
class ContrastiveLossFactoryTest extends LossContract {

    @Override
    protected LossFactory factory() {
        return new ContrastiveLossFactory();
    }

    @Override
    protected Map<String, Object> badValues() {
        return Map.of("positive-margin", -0.1, "negative-margin", -1.0);
    }

    @Override
    protected boolean singleClassBatchCostsNothing() {
        return false; // positive pairs farther apart than positive-margin cost something
    }

    @Test
    void valueOnThreePointsByHand() {
        // points on a line: 0 (label 0), 0.3 (label 0), 1.0 (label 1); not normalised
        MetricLoss loss = create(Map.of("normalize", false, "negative-margin", 0.8, "positive-margin", 0.1));
        NDArray e = manager.create(new float[] {0f, 0f, 0.3f, 0f, 1.0f, 0f}, new Shape(3, 2));
        NDArray labels = manager.create(new long[] {0, 0, 1});
        LossOutput out = loss.compute(e, labels, Tuples.all());
        // positive pairs (0,1) and (1,0): d = 0.3 -> (0.3 - 0.1)^2 = 0.04 each
        // negative pairs (0,2),(2,0): d = 1.0 -> 0; (1,2),(2,1): d = 0.7 -> (0.8 - 0.7)^2 = 0.01 each
        // four pairs cost something: (0.04 + 0.04 + 0.01 + 0.01) / 4 = 0.025; 4 of 6 pairs active
        assertThat(out.loss().getFloat()).isCloseTo(0.025f, within(1e-6f));
        assertThat(out.activeFraction().getFloat()).isCloseTo(4f / 6f, within(1e-6f));
    }
}
