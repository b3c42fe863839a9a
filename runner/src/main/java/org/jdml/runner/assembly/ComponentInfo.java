package org.jdml.runner.assembly;

import org.jdml.api.ComponentFactory;
import org.jdml.api.ComponentKind;
import org.jdml.api.Components;

/**
 * What a run used, for its run folder and for {@code jdml plugins}: "loss triplet (version 0.1.0, jar:
 * jdml-losses-triplet-0.1.0.jar)".
 */
public record ComponentInfo(String kind, String name, String version, String location, String factoryClass,
        String description) {

    public static ComponentInfo of(ComponentKind<?> kind, ComponentFactory<?> factory) {
        return new ComponentInfo(kind.singular(), factory.name(), factory.version(),
                Components.locationOf(factory.getClass()), factory.getClass().getName(), factory.description());
    }

    @Override
    public String toString() {
        return kind + " " + name + " (version " + version + ", jar: " + location + ")";
    }
}
