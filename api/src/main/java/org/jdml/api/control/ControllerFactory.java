package org.jdml.api.control;

import org.jdml.api.ComponentFactory;

/** Makes {@link AdaptiveController}s; settings under {@code jdml.controller.<name>}. */
public interface ControllerFactory extends ComponentFactory<AdaptiveController> {}
