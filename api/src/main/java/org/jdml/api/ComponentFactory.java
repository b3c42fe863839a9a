package org.jdml.api;

import org.jdml.api.config.ComponentSettings;

/**
 * A named, cheap, stateless maker of one kind of component, found by {@link java.util.ServiceLoader}.
 *
 * <p>Every plugin kind (losses, miners, samplers, controllers, datasets, backbones) has a factory
 * interface that extends this one with a fixed product type. The factory reads its own settings,
 * {@code jdml.<kind>.<name>} from its jar's {@code reference.conf} overlaid by the run's config, and
 * builds the product; the product holds configuration and arrays, the factory holds nothing.
 *
 * @param <P> what the factory builds
 */
@Stable
public interface ComponentFactory<P> {

    /** The name a config selects this component by: {@code [a-z][a-z0-9-]*}, also its settings key. */
    String name();

    /**
     * Builds the component. Report bad values through {@link ComponentSettings#check} so that every
     * problem of a run is listed at once; throw only when nothing sensible can be built.
     */
    P create(ComponentSettings settings, ComponentContext context);

    /** One line for {@code jdml plugins}. */
    default String description() {
        return "";
    }

    /** The version of the jar that holds this factory, from its manifest; "DEVELOPMENT" in a source tree. */
    default String version() {
        return Components.versionOf(getClass());
    }
}
