package org.jdml.runner.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * Adam (Kingma and Ba 2015) as torch.optim.Adam computes it: m = b1 m + (1 - b1) g,
 * v = b2 v + (1 - b2) g^2, w -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps), with weight
 * decay added to the gradient (L2, not decoupled). t counts this parameter's own steps.
 */
public final class AdamOptimizer extends ParameterOptimizer {

    private final float beta1;
    private final float beta2;
    private final double epsilon;

    public AdamOptimizer(List<TrainableParameter> parameters, NDManager owner, double beta1, double beta2,
            double epsilon, double weightDecay) {
        super(parameters, owner, 2, weightDecay);
        this.beta1 = (float) beta1;
        this.beta2 = (float) beta2;
        this.epsilon = epsilon;
    }

    @Override
    protected void apply(Slot slot, NDArray weight, NDArray gradient, float learningRate, NDManager scratch) {
        NDArray m = slot.state[0];
        NDArray v = slot.state[1];
        m.muli(beta1).addi(gradient.mul(1 - beta1));
        v.muli(beta2).addi(gradient.square().muli(1 - beta2));
        double correction1 = 1 - Math.pow(beta1, slot.steps);
        double correction2 = 1 - Math.pow(beta2, slot.steps);
        NDArray denominator = scratch(v.sqrt(), scratch).divi((float) Math.sqrt(correction2)).addi((float) epsilon);
        NDArray step = scratch(m.div(denominator), scratch).muli((float) (learningRate / correction1));
        weight.subi(step);
    }

    @Override
    protected String kind() {
        return "adam";
    }
}
