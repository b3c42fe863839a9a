package org.jdml.api.loss;

import org.jdml.api.ComponentFactory;

/**
 * Makes {@link MetricLoss}es. Registered in {@code META-INF/services/org.jdml.api.loss.LossFactory};
 * settings under {@code jdml.loss.<name>} in the jar's {@code reference.conf}.
 */
public interface LossFactory extends ComponentFactory<MetricLoss> {}
