package org.jdml.runner.model;

/** {@code jdml.model}: the embedding layer over the backbone, and how fresh parameters start. */
public record ModelSettings(int embeddingSize, boolean normalize, WeightInit weightInit) {}
