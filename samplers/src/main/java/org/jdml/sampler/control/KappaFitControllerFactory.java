package org.jdml.sampler.control;

import org.jdml.api.ComponentContext;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.control.AdaptiveController;
import org.jdml.api.control.ControllerFactory;

/**
 * {@value #NAME}: the controller of Harwood et al. 2017, κ fitted linearly to the training error
 * once per epoch (see {@link KappaFitController}).
 *
 * <pre>
 * jdml.controller.kappa-fit { knob = smart-mining.kappa, target = 0.6, history = 3, first-fit-epoch = 3, probe-step = 0.5 }
 * </pre>
 */
public final class KappaFitControllerFactory implements ControllerFactory {

    public static final String NAME = "kappa-fit";

    public KappaFitControllerFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "sets smart mining's kappa each epoch from a least-squares line of kappa against the training error,"
                + " aiming at a target error (Harwood et al. 2017)";
    }

    @Override
    public AdaptiveController create(ComponentSettings s, ComponentContext context) {
        String knob = s.getString("knob");
        s.check(!knob.isBlank(), "knob", "must name a knob, e.g. smart-mining.kappa");
        double target = s.getDouble("target");
        s.check(target > 0 && target < 1, "target", "must be in (0, 1): a share of triplets with a non-zero loss");
        int history = s.getInt("history");
        s.check(history >= 2, "history", "must be >= 2 (a line needs two epochs)");
        int firstFit = s.getInt("first-fit-epoch");
        s.check(firstFit >= 2, "first-fit-epoch", "must be >= 2 (the first fit needs a finished epoch)");
        double probe = s.getDouble("probe-step");
        s.check(probe >= 0, "probe-step", "must be >= 0");
        s.throwIfInvalid();
        return new KappaFitController(knob, target, history, firstFit, probe, context.iterationsPerEpoch());
    }
}
