package org.jdml.runner.assembly;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceConfigurationError;
import org.jdml.api.ComponentFactory;
import org.jdml.api.ComponentKind;
import org.jdml.api.Registry;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.runner.plugins.PluginClassLoader;

/** A {@link Registry} of every kind, all loaded from one class loader (classpath plus plugins). */
public final class Registries implements org.jdml.api.ComponentHost.Registries {

    private final ClassLoader classLoader;
    private final Map<ComponentKind<?>, Registry<?>> byKind = new LinkedHashMap<>();

    /**
     * Loads every kind; a broken plugin jar (malformed name, failing constructor, duplicate name) is
     * reported as a configuration problem that names the jar.
     */
    public Registries(PluginClassLoader classLoader) {
        this.classLoader = classLoader;
        java.util.List<String> problems = new java.util.ArrayList<>();
        for (ComponentKind<?> kind : ComponentKind.ALL) {
            try {
                byKind.put(kind, Registry.load(kind, classLoader.getParent(), classLoader.jarLoaders()));
            } catch (ServiceConfigurationError e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new JdmlConfigurationException(problems);
        }
    }

    @SuppressWarnings("unchecked")
    @Override
    public <F extends ComponentFactory<?>> Registry<F> of(ComponentKind<F> kind) {
        return (Registry<F>) byKind.get(kind);
    }

    /** The class loader the registries (and the reference configuration) were read from. */
    public ClassLoader classLoader() {
        return classLoader;
    }
}
