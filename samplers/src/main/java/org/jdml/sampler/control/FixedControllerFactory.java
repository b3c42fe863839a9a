package org.jdml.sampler.control;

import org.jdml.api.ComponentContext;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.control.AdaptiveController;
import org.jdml.api.control.ControllerFactory;

/**
 * {@value #NAME}: knobs stay where their owners start them.
 *
 * <pre>
 * jdml.controller.fixed { }
 * </pre>
 */
public final class FixedControllerFactory implements ControllerFactory {

    public static final String NAME = "fixed";

    public FixedControllerFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "keeps every knob of the sampler and miner at its initial value";
    }

    @Override
    public AdaptiveController create(ComponentSettings settings, ComponentContext context) {
        return new FixedController();
    }
}
