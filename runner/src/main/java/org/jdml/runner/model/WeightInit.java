package org.jdml.runner.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;

/**
 * How the convolutions and linear layers of a freshly built network start. DJL and PyTorch differ
 * here, and on a network trained for one epoch the difference shows in the metrics, so the
 * benchmark's comparisons with PyTorch runs start from PyTorch's choice.
 */
public enum WeightInit {

    /** DJL's default: weights from N(0, 2 / fan-in) (He et al. 2015), biases zero. */
    HE_NORMAL,

    /**
     * PyTorch's default for {@code Conv2d} and {@code Linear}: weights and biases uniform in
     * ±1 / sqrt(fan-in), fan-in being the inputs of one output unit (in channels x kernel area).
     */
    TORCH;

    /**
     * Re-draws the weights and biases of every convolution and linear layer in {@code network}
     * (already initialised, so shapes are known) with the engine's random generator. Other blocks,
     * batch norm and scripted models among them, keep what they have.
     */
    public void apply(Block network, NDManager manager) {
        if (this == HE_NORMAL) {
            return; // what DJL's initialisation already did
        }
        if (network instanceof Convolution || network instanceof Linear) {
            Parameter weight = network.getDirectParameters().get("weight");
            Shape shape = weight.getArray().getShape();
            float bound = (float) (1 / Math.sqrt(shape.size() / shape.get(0)));
            redraw(weight, bound, manager);
            if (network.getDirectParameters().contains("bias")) {
                redraw(network.getDirectParameters().get("bias"), bound, manager);
            }
        }
        for (Block child : network.getChildren().values()) {
            apply(child, manager);
        }
    }

    private static void redraw(Parameter parameter, float bound, NDManager manager) {
        NDArray target = parameter.getArray();
        try (NDArray fresh = manager.randomUniform(-bound, bound, target.getShape(), target.getDataType(),
                target.getDevice())) {
            target.set(fresh.toFloatArray());
        }
    }
}
