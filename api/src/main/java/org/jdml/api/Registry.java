package org.jdml.api;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jdml.api.config.JdmlConfigurationException;

/**
 * Every factory of one kind that a class loader can see, by name. Built eagerly: a malformed name,
 * a factory that cannot be instantiated and a name registered twice are reported when the registry
 * is built, naming the class and its jar, never at lookup time.
 *
 * @param <F> the factory interface
 */
@Stable
public final class Registry<F extends ComponentFactory<?>> {

    private final ComponentKind<F> kind;
    private final SortedMap<String, F> factories;

    private Registry(ComponentKind<F> kind, SortedMap<String, F> factories) {
        this.kind = kind;
        this.factories = Collections.unmodifiableSortedMap(factories);
    }

    /**
     * Loads every provider of {@code kind} that {@code loader} sees through {@code META-INF/services}.
     *
     * @throws java.util.ServiceConfigurationError for a malformed name, a provider that cannot be
     *     created, or a name registered twice (naming both jars)
     */
    public static <F extends ComponentFactory<?>> Registry<F> load(ComponentKind<F> kind, ClassLoader loader) {
        SortedMap<String, F> byName = new TreeMap<>();
        for (ServiceLoader.Provider<F> provider : ServiceLoader.load(kind.factoryType(), loader).stream().toList()) {
            F factory = instantiate(kind, provider);
            register(kind, byName, factory);
        }
        return new Registry<>(kind, byName);
    }

    /**
     * Loads the providers {@code base} sees, plus those defined in each of {@code plugins} (class
     * loaders of one plugin jar each, children of {@code base}). Loading each jar on its own keeps two
     * jars that ship the same class name apart, so their clash is reported rather than hidden.
     */
    public static <F extends ComponentFactory<?>> Registry<F> load(ComponentKind<F> kind, ClassLoader base,
            List<? extends ClassLoader> plugins) {
        SortedMap<String, F> byName = new TreeMap<>();
        for (ServiceLoader.Provider<F> provider : ServiceLoader.load(kind.factoryType(), base).stream().toList()) {
            register(kind, byName, instantiate(kind, provider));
        }
        for (ClassLoader plugin : plugins) {
            List<ServiceLoader.Provider<F>> providers;
            try {
                providers = ServiceLoader.load(kind.factoryType(), plugin).stream().toList();
            } catch (java.util.ServiceConfigurationError e) {
                throw inPlugin(e, plugin);
            }
            for (ServiceLoader.Provider<F> provider : providers) {
                if (!definedBy(provider, plugin)) {
                    continue;
                }
                F factory;
                try {
                    factory = instantiate(kind, provider);
                } catch (java.util.ServiceConfigurationError e) {
                    throw inPlugin(e, plugin);
                }
                register(kind, byName, factory);
            }
        }
        return new Registry<>(kind, byName);
    }

    /** The error with the plugin jar named (the loader's name), e.g. for a class the service file lists but the jar lacks. */
    private static java.util.ServiceConfigurationError inPlugin(java.util.ServiceConfigurationError e, ClassLoader plugin) {
        String jar = plugin.getName() == null ? "" : plugin.getName().replaceFirst("^plugin:", "");
        if (jar.isEmpty() || String.valueOf(e.getMessage()).contains(jar)) {
            return e;
        }
        return new java.util.ServiceConfigurationError(e.getMessage() + " (in the plugin " + jar + ")", e);
    }

    private static boolean definedBy(ServiceLoader.Provider<?> provider, ClassLoader loader) {
        try {
            return provider.type().getClassLoader() == loader;
        } catch (Throwable e) {
            return true; // let instantiate() report the broken provider with its jar
        }
    }

    /** A registry of the given factories (tests, embedding hosts). */
    @SafeVarargs
    public static <F extends ComponentFactory<?>> Registry<F> of(ComponentKind<F> kind, F... factories) {
        SortedMap<String, F> byName = new TreeMap<>();
        for (F factory : factories) {
            register(kind, byName, factory);
        }
        return new Registry<>(kind, byName);
    }

    private static <F extends ComponentFactory<?>> F instantiate(ComponentKind<F> kind, ServiceLoader.Provider<F> provider) {
        Class<? extends F> type;
        try {
            type = provider.type();
        } catch (Throwable e) {
            throw new java.util.ServiceConfigurationError("A " + kind + " provider listed in META-INF/services/"
                    + kind.factoryType().getName() + " cannot be loaded: " + e.getMessage(), e);
        }
        try {
            return provider.get();
        } catch (Throwable e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new java.util.ServiceConfigurationError("The " + kind + " factory " + type.getName() + " in "
                    + Components.locationOf(type) + " could not be instantiated: " + cause, cause);
        }
    }

    private static <F extends ComponentFactory<?>> void register(ComponentKind<F> kind, Map<String, F> byName, F factory) {
        String name;
        try {
            name = factory.name();
        } catch (RuntimeException e) {
            throw new java.util.ServiceConfigurationError("The " + kind + " factory " + factory.getClass().getName()
                    + " in " + Components.locationOf(factory.getClass()) + " failed to report its name: " + e, e);
        }
        if (!Components.isValidName(name)) {
            throw new java.util.ServiceConfigurationError("The " + kind + " factory " + factory.getClass().getName()
                    + " in " + Components.locationOf(factory.getClass()) + " has the malformed name '" + name
                    + "': names match " + Components.NAME.pattern() + " and are neither 'name' nor 'none'");
        }
        F earlier = byName.putIfAbsent(name, factory);
        if (earlier != null) {
            throw new java.util.ServiceConfigurationError(capitalized(kind.singular()) + " '" + name
                    + "' is registered by both " + describe(earlier) + " and " + describe(factory)
                    + ". Remove one of the jars, or rename one of the components (e.g. prefix it with its organisation).");
        }
    }

    private static String describe(ComponentFactory<?> factory) {
        return Components.locationOf(factory.getClass()) + " (" + factory.getClass().getName() + ")";
    }

    public ComponentKind<F> kind() {
        return kind;
    }

    /** Every registered name, sorted. */
    public SortedSet<String> names() {
        return new TreeSet<>(factories.keySet());
    }

    /** The factories, sorted by name. */
    public List<F> factories() {
        return new ArrayList<>(factories.values());
    }

    public Optional<F> find(String name) {
        return Optional.ofNullable(factories.get(name));
    }

    /**
     * The factory of that name.
     *
     * @param where the key and origin of the name, for the message, e.g. "jdml.loss.name (run.conf: 12)"
     * @throws JdmlConfigurationException for an unknown name: listing every name and suggesting the nearest
     */
    public F get(String name, String where) {
        F factory = factories.get(name);
        if (factory == null) {
            throw new JdmlConfigurationException(unknownNameMessage(name, where));
        }
        return factory;
    }

    /**
     * The factory a run selects at {@link ComponentKind#selectorPath()}, or empty when it selects
     * {@code none}.
     */
    public Optional<F> selected(Config config) {
        String path = kind.selectorPath();
        if (!config.hasPath(path)) {
            throw new JdmlConfigurationException("No " + kind + " selected: set " + path + " to one of " + names()
                    + (kind == ComponentKind.LOSS || kind == ComponentKind.DATASET || kind == ComponentKind.BACKBONE
                            || kind == ComponentKind.SAMPLER ? "" : " or none"));
        }
        String name = config.getString(path);
        if (name.equals(ComponentKind.NONE)) {
            return Optional.empty();
        }
        return Optional.of(get(name, path + originOf(config.getValue(path))));
    }

    /** The message for a name no factory has: kind, value, origin, every name, the nearest. */
    public String unknownNameMessage(String name, String where) {
        StringBuilder message = new StringBuilder();
        if (factories.isEmpty()) {
            return "No " + kind.singular() + " implementations found: no jar on the classpath or in the plugins folder"
                    + " registers " + kind.factoryType().getName() + " in META-INF/services/"
                    + kind.factoryType().getName() + " (asked for '" + name + "' at " + where + ")";
        }
        message.append("Unknown ").append(kind.singular()).append(" '").append(name).append("' at ").append(where)
                .append(". Available ").append(kind.plural()).append(": ").append(names()).append('.');
        nearest(name).ifPresent(n -> message.append(" Did you mean '").append(n).append("'?"));
        message.append(" A plugin ").append(kind.singular())
                .append(" needs its jar on the classpath or in the plugins folder.");
        return message.toString();
    }

    /** The registered name closest to {@code name} by edit distance, if close enough to be a typo. */
    public Optional<String> nearest(String name) {
        return closest(name, factories.keySet());
    }

    /** The candidate closest to {@code name} by edit distance, if close enough to be a typo of it. */
    public static Optional<String> closest(String name, java.util.Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = editDistance(name, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        boolean close = best != null
                && (bestDistance <= Math.max(2, best.length() / 3) || best.startsWith(name) || name.startsWith(best));
        return close ? Optional.of(best) : Optional.empty();
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String originOf(ConfigValue value) {
        String where = org.jdml.api.config.Origins.describe(value.origin());
        return where.isEmpty() ? "" : " (" + where + ")";
    }

    private static String capitalized(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
