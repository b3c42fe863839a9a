package org.jdml.runner.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.Optional;
import org.jdml.api.ComponentContext;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.loss.LossFactory;
import org.jdml.api.loss.LossOutput;
import org.jdml.api.loss.MetricLoss;
import org.jdml.api.mining.Tuples;

/**
 * A loss with learnable parameters for the runner's tests: one centre per training class, softmax
 * over negative squared distances to the centres (a Proxy-NCA-like loss), with its own learning-rate
 * multiplier.
 */
public final class TestCentresLossFactory implements LossFactory {

    public static final String NAME = "test-centres";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public MetricLoss create(ComponentSettings settings, ComponentContext context) {
        float multiplier = (float) settings.getDouble("lr-multiplier");
        return new CentresLoss(context.trainingClasses(), context.embeddingSize(), multiplier);
    }

    static final class Centres extends AbstractBlock {
        final Parameter centres;

        Centres(int classes, int dim) {
            super((byte) 1);
            centres = addParameter(Parameter.builder().setName("centres").setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(classes, dim)).optInitializer(new NormalInitializer(1f)).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                PairList<String, Object> params) {
            return new NDList(ps.getValue(centres, inputs.get(0).getDevice(), training));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {centres.getShape()};
        }
    }

    static final class CentresLoss implements MetricLoss {
        private final Centres block;
        private final int classes;
        private final float multiplier;

        CentresLoss(int classes, int dim, float multiplier) {
            this.block = new Centres(classes, dim);
            this.classes = classes;
            this.multiplier = multiplier;
        }

        @Override
        public LossOutput compute(NDArray e, NDArray labels, Tuples tuples) {
            NDManager m = e.getManager();
            NDArray c = block.centres.getArray();
            // ops on the parameter land in its manager: attach them to the batch's
            NDArray ct = c.transpose();
            ct.attach(m);
            NDArray cSquared = c.square();
            cSquared.attach(m);
            NDArray d2 = e.square().sum(new int[] {1}, true).sub(e.matMul(ct).mul(2))
                    .add(cSquared.sum(new int[] {1}).reshape(1, -1));
            NDArray logits = d2.neg();
            NDArray oneHot = labels.toType(DataType.INT64, false).oneHot(classes).toType(DataType.FLOAT32, false);
            NDArray loss = logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg().mean();
            return LossOutput.of(loss);
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
