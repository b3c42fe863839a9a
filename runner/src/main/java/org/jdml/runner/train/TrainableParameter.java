package org.jdml.runner.train;

import ai.djl.nn.Parameter;

/**
 * A parameter the optimizer updates.
 *
 * @param name stable across runs ({@code model/backbone_01Conv2d_weight}, {@code loss/proxies}); DJL's
 *     parameter ids are not, so checkpoints key optimizer state by this name
 * @param learningRateMultiplier times the scheduled learning rate (a loss's parameters learn faster)
 * @param weightDecayMultiplier times {@code jdml.train.weight-decay} (its group's, jdml.model.fine-tune)
 */
public record TrainableParameter(String name, Parameter parameter, float learningRateMultiplier,
        float weightDecayMultiplier) {

    /** With the configured weight decay. */
    public TrainableParameter(String name, Parameter parameter, float learningRateMultiplier) {
        this(name, parameter, learningRateMultiplier, 1f);
    }
}
