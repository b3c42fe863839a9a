package org.jdml.loss.triplet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import java.util.Optional;
import org.jdml.api.loss.LossOutput;
import org.jdml.api.loss.MetricLoss;
import org.jdml.api.mining.Tuples;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SumLossTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private final TripletMarginLoss triplet =
            new TripletMarginLoss(0.3, Distance.EUCLIDEAN, true, Reducer.MEAN_OVER_POSITIVE, false);
    private final GlobalLoss global = new GlobalLoss(0.8, 0.4, Distance.SQUARED_EUCLIDEAN, true);

    @Test
    void isTheWeightedSumOfItsParts() {
        SumLoss sum = new SumLoss(List.of(new SumLoss.Part("triplet", 1.5, triplet),
                new SumLoss.Part("global", 0.25, global)));
        double[][] x = TripletMarginLossTest.SIX;
        long[] y = TripletMarginLossTest.SIX_LABELS;
        double expected = 1.5 * Reference.triplet(x, y, 0.3, Distance.EUCLIDEAN, true, Reducer.MEAN_OVER_POSITIVE,
                false).loss() + 0.25 * Reference.global(x, y, 0.8, 0.4, Distance.SQUARED_EUCLIDEAN, true);
        for (DataType type : List.of(DataType.FLOAT32, DataType.FLOAT64)) {
            LossOutput out = sum.compute(Reference.array(manager, x, type), manager.create(y), Tuples.all());
            assertThat(out.loss().getDataType()).isEqualTo(type);
            assertThat(out.loss().toType(DataType.FLOAT64, false).getDouble())
                    .isCloseTo(expected, within(type == DataType.FLOAT32 ? 1e-5 : 1e-12));
        }
    }

    @Test
    void everyPartSeesTheSameTuples() {
        SumLoss sum = new SumLoss(List.of(new SumLoss.Part("global", 2.0, global),
                new SumLoss.Part("triplet", 1.0, triplet)));
        NDArray e = Reference.array(manager, TripletMarginLossTest.SIX, DataType.FLOAT64);
        NDArray labels = manager.create(TripletMarginLossTest.SIX_LABELS);
        Tuples.Triplets mined = new Tuples.Triplets(manager.create(new long[] {0, 2, 5}),
                manager.create(new long[] {1, 3, 4}), manager.create(new long[] {2, 5, 0}));
        double expected = 2.0 * global.compute(e, labels, mined).loss().getDouble()
                + triplet.compute(e, labels, mined).loss().getDouble();
        LossOutput out = sum.compute(e, labels, mined);
        assertThat(out.loss().getDouble()).isCloseTo(expected, within(1e-12));
        // the global loss has no active fraction: the triplet part's is reported
        assertThat(out.activeFraction().getDouble())
                .isEqualTo(triplet.compute(e, labels, mined).activeFraction().getDouble());
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        SumLoss sum = new SumLoss(List.of(new SumLoss.Part("triplet", 1.0, triplet),
                new SumLoss.Part("global", 0.5, new GlobalLoss(0.8, 3.0, Distance.SQUARED_EUCLIDEAN, true))));
        NDArray labels = manager.create(new long[] {0, 0, 1, 1, 2, 2, 0});
        Gradients.check(manager, Reference.randomPoints(7, 3, 23), e -> sum.compute(e, labels, Tuples.all()).loss());
    }

    @Test
    void thePartsEpochStatesAreNamedAfterTheirParts() {
        MetricLoss reporting = new Learnable(1f) {
            @Override
            public java.util.Map<String, Double> epochState() {
                return java.util.Map.of("distinct-centres-mean", 2.5);
            }
        };
        SumLoss sum = new SumLoss(List.of(new SumLoss.Part("triplet", 1.0, triplet),
                new SumLoss.Part("softtriple", 1.0, reporting)));
        assertThat(sum.epochState()).containsExactly(java.util.Map.entry("softtriple.distinct-centres-mean", 2.5));
    }

    @Test
    void withoutLearnablePartsThereIsNoBlock() {
        SumLoss sum = new SumLoss(List.of(new SumLoss.Part("triplet", 1.0, triplet)));
        assertThat(sum.parameterBlock()).isEmpty();
        assertThat(sum.learningRateMultiplier()).isEqualTo(1f);
    }

    @Test
    void aSingleLearnablePartExposesItsOwnBlock() {
        Learnable proxies = new Learnable(10f);
        SumLoss sum = new SumLoss(List.of(new SumLoss.Part("triplet", 1.0, triplet),
                new SumLoss.Part("proxies", 1.0, proxies)));
        assertThat(sum.parameterBlock()).containsSame(proxies.block);
        assertThat(sum.learningRateMultiplier()).isEqualTo(10f);
    }

    @Test
    void severalLearnablePartsShareOneBlockThatInitialisesThemAll() {
        Learnable first = new Learnable(10f);
        Learnable second = new Learnable(10f);
        SumLoss sum = new SumLoss(List.of(new SumLoss.Part("first", 1.0, first),
                new SumLoss.Part("second", 1.0, second)));
        Block block = sum.parameterBlock().orElseThrow();
        assertThat(block.getChildren().values()).containsExactly(first.block, second.block);
        block.initialize(manager, DataType.FLOAT32, new Shape(16, 8), new Shape(16));
        assertThat(first.block.isInitialized()).isTrue();
        assertThat(second.block.isInitialized()).isTrue();
        assertThat(block.getParameters().size())
                .isEqualTo(first.block.getParameters().size() + second.block.getParameters().size());
        assertThat(sum.learningRateMultiplier()).isEqualTo(10f);
    }

    @Test
    void learnablePartsWithDifferentRatesAreRejected() {
        List<SumLoss.Part> parts = List.of(new SumLoss.Part("proxy", 1.0, new Learnable(10f)),
                new SumLoss.Part("centres", 1.0, new Learnable(100f)));
        assertThat(SumLoss.multiplierConflict(parts)).contains("proxy = 10.0").contains("centres = 100.0");
        assertThatThrownBy(() -> new SumLoss(parts)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("learning-rate multiplier");
        assertThatThrownBy(() -> new SumLoss(List.of())).hasMessageContaining("at least one part");
    }

    /** A parameter block shaped by the embeddings, as loss blocks are: three rows of width D. */
    static final class Proxies extends AbstractBlock {
        private final Parameter proxies = addParameter(
                Parameter.builder().setName("proxies").setType(Parameter.Type.WEIGHT).build());

        @Override
        protected void prepare(Shape[] inputShapes) {
            proxies.setShape(new Shape(3, inputShapes[0].get(1)));
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                PairList<String, Object> params) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[0];
        }
    }

    /** A stand-in for a loss with parameters (its value does not matter here). */
    static class Learnable implements MetricLoss {
        final Block block = new Proxies();
        private final float multiplier;

        Learnable(float multiplier) {
            this.multiplier = multiplier;
        }

        @Override
        public LossOutput compute(NDArray embeddings, NDArray labels, Tuples tuples) {
            return LossOutput.of(embeddings.sum().sub(embeddings.sum()));
        }

        @Override
        public Optional<Block> parameterBlock() {
            return Optional.of(block);
        }

        @Override
        public float learningRateMultiplier() {
            return multiplier;
        }
    }
}
