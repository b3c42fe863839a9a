package org.jdml.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.jdml.api.ComponentContext;
import org.jdml.api.ComponentKind;
import org.jdml.api.control.Knob;
import org.jdml.api.mining.Miner;
import org.jdml.api.mining.MinerFactory;
import org.jdml.api.mining.Tuples;
import org.junit.jupiter.api.Test;

/** The contract of a {@link Miner}: well-formed tuples on any batch, nothing on a batch of one class. */
public abstract class MinerContract extends ComponentContract<Miner, MinerFactory> {

    @Override
    protected final ComponentKind<MinerFactory> kind() {
        return ComponentKind.MINER;
    }

    @Override
    protected ComponentContext context() {
        return TestContext.builder(manager).embeddingSize(8).trainingClasses(4).batchSize(24).build();
    }

    @Test
    public void minedTuplesAreWellFormedOnRandomBatches() {
        Miner miner = createWithDefaults();
        for (int seed = 0; seed < 5; seed++) {
            NDArray e = Batches.embeddings(manager, 24, 8, seed, true);
            NDArray labels = Batches.randomLabels(manager, 24, 4, seed);
            Tuples tuples = miner.mine(e, labels);
            assertThat(tuples).isNotNull();
            tuples.checkAgainst(labels);
        }
    }

    @Test
    public void batchOfOneClassYieldsNoTriplet() {
        Miner miner = createWithDefaults();
        NDArray labels = manager.zeros(new Shape(10), DataType.INT64);
        Tuples tuples = miner.mine(Batches.embeddings(manager, 10, 8, 7, true), labels);
        tuples.checkAgainst(labels);
        if (!(tuples instanceof Tuples.All)) {
            assertThat(tuples.toTriplets(labels).size()).isZero();
        }
    }

    @Test
    public void knobsStartWithinTheirBounds() {
        for (Knob knob : createWithDefaults().knobs()) {
            assertThat(knob.value()).isBetween(knob.min(), knob.max());
        }
    }
}
