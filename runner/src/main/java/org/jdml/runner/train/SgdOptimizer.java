package org.jdml.runner.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * Stochastic gradient descent with momentum as torch.optim.SGD computes it (no dampening):
 * b = mu b + g; w -= lr (g + mu b) with Nesterov momentum, w -= lr b without; weight decay is added
 * to the gradient. With momentum 0 it is plain SGD.
 */
public final class SgdOptimizer extends ParameterOptimizer {

    private final float momentum;
    private final boolean nesterov;

    public SgdOptimizer(List<TrainableParameter> parameters, NDManager owner, double momentum, boolean nesterov,
            double weightDecay) {
        super(parameters, owner, 1, weightDecay);
        this.momentum = (float) momentum;
        this.nesterov = nesterov;
    }

    @Override
    protected void apply(Slot slot, NDArray weight, NDArray gradient, float learningRate, NDManager scratch) {
        NDArray direction;
        if (momentum == 0) {
            direction = gradient;
        } else {
            NDArray velocity = slot.state[0];
            velocity.muli(momentum).addi(gradient);
            direction = nesterov ? gradient.add(scratch(velocity.mul(momentum), scratch)) : velocity;
        }
        weight.subi(scratch(direction.mul(learningRate), scratch));
    }

    @Override
    protected String kind() {
        return "sgd";
    }
}
