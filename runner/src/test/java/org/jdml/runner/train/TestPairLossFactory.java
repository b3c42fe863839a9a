package org.jdml.runner.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.jdml.api.ComponentContext;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.loss.LossFactory;
import org.jdml.api.loss.LossOutput;
import org.jdml.api.loss.MetricLoss;
import org.jdml.api.mining.Tuples;

/**
 * A loss for the runner's tests, registered from test resources: contrastive on all pairs of the
 * batch with squared distances, mean of (d^2 for positives, relu(margin - d^2)^2 for negatives), or
 * NaN at iteration {@code nan-at} (counting compute calls from 0; -1 = never), in the loss itself or
 * (with {@code nan-in-gradient}) only in the gradient.
 */
public final class TestPairLossFactory implements LossFactory {

    public static final String NAME = "test-pairs";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public MetricLoss create(ComponentSettings settings, ComponentContext context) {
        float margin = (float) settings.getDouble("margin");
        settings.check(margin > 0, "margin", "must be > 0");
        int nanAt = settings.getInt("nan-at");
        boolean inGradient = settings.getBoolean("nan-in-gradient");
        return new PairLoss(margin, nanAt, inGradient);
    }

    static final class PairLoss implements MetricLoss {
        private final float margin;
        private final int nanAt;
        private final boolean inGradient;
        private int calls;

        PairLoss(float margin, int nanAt, boolean inGradient) {
            this.margin = margin;
            this.nanAt = nanAt;
            this.inGradient = inGradient;
        }

        @Override
        public LossOutput compute(NDArray e, NDArray labels, Tuples tuples) {
            NDManager m = e.getManager();
            long b = e.getShape().get(0);
            NDArray sq = e.square().sum(new int[] {1});
            NDArray d2 = sq.reshape(-1, 1).add(sq.reshape(1, -1)).sub(e.matMul(e.transpose()).mul(2)).maximum(0f);
            NDArray same = labels.reshape(-1, 1).eq(labels.reshape(1, -1)).toType(DataType.FLOAT32, false);
            NDArray offDiagonal = m.eye((int) b).eq(0).toType(DataType.FLOAT32, false);
            NDArray positive = same.mul(offDiagonal);
            NDArray negative = same.neg().add(1f);
            NDArray terms = d2.mul(positive).add(d2.neg().add(margin).maximum(0f).square().mul(negative));
            NDArray loss = terms.sum().div(b * (b - 1));
            NDArray active = terms.gt(0f).toType(DataType.FLOAT32, false).sum().div(b * (b - 1));
            if (calls++ == nanAt) {
                loss = inGradient ? loss.add(e.get("0:1, 0:1").sub(e.get("0:1, 0:1")).sqrt().sum().mul(0f))
                        : loss.add(Float.NaN);
            }
            return new LossOutput(loss, active);
        }
    }
}
