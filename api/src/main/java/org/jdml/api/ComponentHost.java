package org.jdml.api;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.api.config.References;

/**
 * Builds jdml components outside the runner: a loss, a miner, a dataset by kind and name, from a
 * configuration, with the defaults of every {@code reference.conf} the class loader sees. The one
 * call that the runner, the tests and third-party hosts all make.
 *
 * <pre>{@code
 * ComponentHost host = ComponentHost.of(MyApp.class.getClassLoader());
 * MetricLoss loss = host.create(ComponentKind.LOSS, "triplet",
 *         ConfigFactory.parseString("jdml.loss.triplet.margin = 0.1"), context);
 * }</pre>
 *
 * <p>Errors are {@link JdmlConfigurationException}s that name the component: an unknown name (with
 * every known one), every bad or unknown setting at once, and a context that lacks what the component
 * needs. A product is returned only when its settings are valid.
 */
@Stable
public final class ComponentHost {

    private final ClassLoader loader;
    private final Config reference;
    private final Map<ComponentKind<?>, Registry<?>> registries = new ConcurrentHashMap<>();

    private ComponentHost(ClassLoader loader) {
        this.loader = loader;
        this.reference = References.of(loader);
    }

    /** The components and defaults {@code loader} sees (its jars, {@code META-INF/services}, {@code reference.conf}). */
    public static ComponentHost of(ClassLoader loader) {
        return new ComponentHost(loader);
    }

    /** The defaults this host merges under every configuration. */
    public Config reference() {
        return reference;
    }

    /** The factories of {@code kind}, loaded once. */
    @SuppressWarnings("unchecked")
    public <F extends ComponentFactory<?>> Registry<F> registry(ComponentKind<F> kind) {
        return (Registry<F>) registries.computeIfAbsent(kind, k -> Registry.load(k, loader));
    }

    /** {@link #create(ComponentKind, String, Config, ComponentContext)} with every setting at its default. */
    public <P, F extends ComponentFactory<P>> P create(ComponentKind<F> kind, String name, ComponentContext context) {
        return create(kind, name, ConfigFactory.empty(), context);
    }

    /**
     * Builds the component {@code name} of {@code kind}.
     *
     * @param config settings by their full path ({@code jdml.loss.triplet.margin = 0.1}); what it lacks
     *     comes from the defaults
     * @throws JdmlConfigurationException naming the component: unknown name, invalid or unknown
     *     settings, or a capability the context does not have
     */
    public <P, F extends ComponentFactory<P>> P create(ComponentKind<F> kind, String name, Config config,
            ComponentContext context) {
        F factory = registry(kind).get(name, kind.selectorPath());
        ComponentSettings settings = settings(kind, name, config);
        P product;
        try {
            // factories record bad values and go on with harmless ones, so unknown keys and bad values
            // are reported together
            product = factory.create(settings, context);
        } catch (UnavailableCapabilityException e) {
            throw new JdmlConfigurationException("The " + kind.singular() + " '" + name + "' needs ComponentContext."
                    + e.capability() + "(), which this host's context does not provide");
        } catch (JdmlConfigurationException e) {
            Set<String> all = new LinkedHashSet<>(settings.problems());
            all.addAll(e.problems());
            throw new JdmlConfigurationException(List.copyOf(all));
        }
        settings.throwIfInvalid();
        return product;
    }

    /** The settings the component would be built with: {@code config} at its path over the defaults, checked. */
    public ComponentSettings settings(ComponentKind<?> kind, String name, Config config) {
        return ComponentSettings.resolve(kind.settingsPath(name), kind + " '" + name + "'", config, reference);
    }
}
