package org.jdml.runner.train;

import ai.djl.nn.Parameter;

/**
 * A parameter the optimizer updates.
 *
 * @param name stable across runs ({@code model/backbone_01Conv2d_weight}, {@code loss/proxies}); DJL's
 *     parameter ids are not, so checkpoints key optimizer state by this name
 * @param learningRateMultiplier times the scheduled learning rate (a loss's parameters learn faster)
 */
public record TrainableParameter(String name, Parameter parameter, float learningRateMultiplier) {}
