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

    /** Where a host finds the factories of each kind. */
    public interface Registries {
        <F extends ComponentFactory<?>> Registry<F> of(ComponentKind<F> kind);
    }

    private final Registries source;
    private final Config reference;

    private ComponentHost(Registries source, Config reference) {
        this.source = source;
        this.reference = reference;
    }

    /** The components and defaults {@code loader} sees (its jars, {@code META-INF/services}, {@code reference.conf}). */
    public static ComponentHost of(ClassLoader loader) {
        Map<ComponentKind<?>, Registry<?>> loaded = new ConcurrentHashMap<>();
        return new ComponentHost(new Registries() {
            @Override
            @SuppressWarnings("unchecked")
            public <F extends ComponentFactory<?>> Registry<F> of(ComponentKind<F> kind) {
                return (Registry<F>) loaded.computeIfAbsent(kind, k -> Registry.load(k, loader));
            }
        }, References.of(loader));
    }

    /**
     * The factories {@code registries} holds (a host that loads plugin jars its own way, as the runner
     * does) with the defaults of every {@code reference.conf} that {@code loader} sees.
     */
    public static ComponentHost of(Registries registries, ClassLoader loader) {
        return new ComponentHost(registries, References.of(loader));
    }

    /** The defaults this host merges under every configuration. */
    public Config reference() {
        return reference;
    }

    /** The factories of {@code kind}, loaded once. */
    public <F extends ComponentFactory<?>> Registry<F> registry(ComponentKind<F> kind) {
        return source.of(kind);
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
