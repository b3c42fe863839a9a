package org.jdml.api.control;

import org.jdml.api.ComponentFactory;
import org.jdml.api.Experimental;

/** Makes {@link AdaptiveController}s; settings under {@code jdml.controller.<name>}. */
@Experimental("the controller API is young")
public interface ControllerFactory extends ComponentFactory<AdaptiveController> {}
