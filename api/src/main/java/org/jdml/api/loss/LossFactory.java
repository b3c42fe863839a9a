package org.jdml.api.loss;

import org.jdml.api.ComponentFactory;
import org.jdml.api.Stable;

/**
 * Makes {@link MetricLoss}es. Registered in {@code META-INF/services/org.jdml.api.loss.LossFactory};
 * settings under {@code jdml.loss.<name>} in the jar's {@code reference.conf}.
 */
@Stable
public interface LossFactory extends ComponentFactory<MetricLoss> {}
