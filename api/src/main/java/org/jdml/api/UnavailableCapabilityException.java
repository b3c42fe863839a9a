package org.jdml.api;

/**
 * A component asked its {@link ComponentContext} for something this host does not provide (a loss
 * that needs {@code trainingClasses()} built by a host that knows no dataset). Hosts that know which
 * component asked ({@link ComponentHost}, the runner) rethrow it as a configuration error naming it.
 */
@Stable
public final class UnavailableCapabilityException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String capability;

    public UnavailableCapabilityException(String capability) {
        super("ComponentContext." + capability + "() is not available to this component at this point of the run");
        this.capability = capability;
    }

    /** The context method that was called, e.g. "trainingClasses". */
    public String capability() {
        return capability;
    }
}
