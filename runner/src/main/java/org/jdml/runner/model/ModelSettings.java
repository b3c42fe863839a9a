package org.jdml.runner.model;

/**
 * {@code jdml.model}: the embedding layer over the backbone, how fresh parameters start, and what of
 * the network learns how fast ({@code fine-tune}).
 */
public record ModelSettings(int embeddingSize, boolean normalize, WeightInit weightInit, FineTuning fineTuning) {}
