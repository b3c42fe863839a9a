package org.jdml.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.jdml.api.ComponentContext;
import org.jdml.api.ComponentKind;
import org.jdml.api.loss.LossFactory;
import org.jdml.api.loss.LossOutput;
import org.jdml.api.loss.MetricLoss;
import org.jdml.api.mining.Tuples;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link MetricLoss}: a finite loss and gradient on random batches, zero (with a
 * gradient) where the batch offers nothing to learn, and learnable parameters that receive gradients.
 */
public abstract class LossContract extends ComponentContract<MetricLoss, LossFactory> {

    protected static final int DIM = 8;
    protected static final int CLASSES = 4;

    @Override
    protected final ComponentKind<LossFactory> kind() {
        return ComponentKind.LOSS;
    }

    @Override
    protected ComponentContext context() {
        return TestContext.builder(manager).embeddingSize(DIM).trainingClasses(CLASSES).batchSize(16).build();
    }

    /**
     * Whether the loss is built from tuples of the batch (triplets, pairs), so that a batch of one class
     * has nothing to learn. Proxy and centre losses compare items with parameters instead: false.
     */
    protected boolean usesTuples() {
        return true;
    }

    /**
     * Whether a batch of a single class costs nothing: true for losses that need a negative in every
     * tuple (triplets); false for pair losses that also pull positives together.
     */
    protected boolean singleClassBatchCostsNothing() {
        return usesTuples();
    }

    /** Builds the loss with defaults and initialises its parameter block, if it has one. */
    protected MetricLoss createInitialized() {
        MetricLoss loss = createWithDefaults();
        Engine.getInstance().setRandomSeed(0);
        loss.initializeParameters(manager, DIM);
        return loss;
    }

    protected void initialize(Block block) {
        Engine.getInstance().setRandomSeed(0);
        block.initialize(manager, DataType.FLOAT32, new Shape(16, DIM), new Shape(16));
    }

    /** Loss value and gradient with respect to the embeddings. */
    protected record Evaluated(float loss, NDArray gradient) {}

    protected Evaluated evaluate(MetricLoss loss, NDArray embeddings, NDArray labels, Tuples tuples) {
        embeddings.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            LossOutput output = loss.compute(embeddings, labels, tuples);
            // a collection here frees temporaries a careless loss still needs in backward (see Scalars)
            System.gc();
            collector.backward(output.loss());
            return new Evaluated(output.loss().getFloat(), embeddings.getGradient());
        }
    }

    @Test
    public void randomBatchGivesFiniteLossAndGradient() {
        MetricLoss loss = createInitialized();
        NDArray e = Batches.embeddings(manager, 16, DIM, 1, true);
        Evaluated result = evaluate(loss, e, Batches.roundRobinLabels(manager, 16, CLASSES), Tuples.all());
        assertThat(result.loss()).isFinite();
        assertThat(Batches.allFinite(result.gradient())).as("gradient is finite").isTrue();
        assertThat(result.gradient().abs().sum().getFloat()).as("some gradient reaches the embeddings").isPositive();
    }

    @Test
    public void batchWithoutValidTuplesGivesZeroLossWithAGradient() {
        assumeTrue(usesTuples(), "the loss does not score mined tuples");
        MetricLoss loss = createInitialized();
        if (singleClassBatchCostsNothing()) {
            NDArray e = Batches.embeddings(manager, 6, DIM, 2, true);
            NDArray oneClass = manager.zeros(new Shape(6), DataType.INT64);
            Evaluated result = evaluate(loss, e, oneClass, Tuples.all());
            assertThat(result.loss()).isZero();
            assertThat(result.gradient().getShape()).isEqualTo(e.getShape());
            assertThat(Batches.allFinite(result.gradient())).isTrue();
        }

        NDArray none = manager.create(new long[0]);
        Evaluated mined = evaluate(loss, Batches.embeddings(manager, 6, DIM, 3, true),
                Batches.roundRobinLabels(manager, 6, 2), new Tuples.Triplets(none, none, none));
        assertThat(mined.loss()).isZero();
        assertThat(Batches.allFinite(mined.gradient())).isTrue();
    }

    @Test
    public void emptyBatchGivesZeroLossWithAGradient() {
        MetricLoss loss = createInitialized();
        NDArray e = manager.zeros(new Shape(0, DIM));
        Evaluated result = evaluate(loss, e, manager.zeros(new Shape(0), DataType.INT64), Tuples.all());
        assertThat(result.loss()).isZero();
        assertThat(result.gradient().getShape()).isEqualTo(e.getShape());
    }

    @Test
    public void learnableParametersCanBeReadAndSetInPlace() {
        MetricLoss loss = createInitialized();
        assumeTrue(loss.parameterBlock().isPresent(), "the loss has no learnable parameters");
        Map<String, NDArray> values = loss.parameterValues();
        assertThat(values).as("every parameter of the block, by name").hasSameSizeAs(loss.parameterBlock().get()
                .getParameters().keys());
        for (Map.Entry<String, NDArray> entry : values.entrySet()) {
            NDArray live = entry.getValue();
            NDArray replacement = manager.ones(live.getShape()).mul(0.25f);
            loss.setParameterValues(entry.getKey(), replacement);
            assertThat(loss.parameterValues().get(entry.getKey())).as("the same array, changed in place").isSameAs(live);
            assertThat(live.toFloatArray()).containsOnly(0.25f);
            assertThatThrownBy(() -> loss.setParameterValues(entry.getKey(), manager.ones(new Shape(1, 1, 7))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(entry.getKey());
        }
        assertThatThrownBy(() -> loss.setParameterValues("no-such-parameter", manager.ones(new Shape(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(values.keySet().toString());
    }

    @Test
    public void computeBeforeInitialisationSaysWhatTheHostMustDo() {
        MetricLoss loss = createWithDefaults();
        assumeTrue(loss.parameterBlock().isPresent(), "the loss has no learnable parameters");
        NDArray e = Batches.embeddings(manager, 8, DIM, 5, true);
        assertThatThrownBy(() -> loss.compute(e, Batches.roundRobinLabels(manager, 8, CLASSES), Tuples.all()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("initializeParameters");
    }

    @Test
    public void learnableParametersReceiveGradients() {
        MetricLoss loss = createInitialized();
        assumeTrue(loss.parameterBlock().isPresent(), "the loss has no learnable parameters");
        assertThat(loss.learningRateMultiplier()).isPositive();
        NDArray e = Batches.embeddings(manager, 16, DIM, 4, true);
        evaluate(loss, e, Batches.roundRobinLabels(manager, 16, CLASSES), Tuples.all());
        for (Parameter p : loss.parameterBlock().get().getParameters().values()) {
            if (p.requiresGradient()) {
                NDArray g = p.getArray().getGradient();
                assertThat(g.abs().sum().getFloat()).as("gradient of %s", p.getName()).isPositive();
            }
        }
    }
}
