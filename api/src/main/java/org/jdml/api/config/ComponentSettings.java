package org.jdml.api.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jdml.api.Stable;

/**
 * One component's settings, {@code jdml.<kind>.<name>}: the run's values over the defaults of the
 * component's {@code reference.conf}.
 *
 * <p>{@link #resolve} checks the shape (missing keys, wrong types, keys the reference does not
 * know); the factory then reads typed values and checks their ranges with {@link #check}. Problems
 * are collected, not thrown one by one, so a user sees all of them in one go. The getters remember
 * what was read, which lets a test prove that every documented key is used.
 */
@Stable
public final class ComponentSettings {

    private final String path;
    private final String owner;
    private final Config values;
    private final Config reference;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> read = new LinkedHashSet<>();

    private ComponentSettings(String path, String owner, Config values, Config reference) {
        this.path = path;
        this.owner = owner;
        this.values = values;
        this.reference = reference;
    }

    /**
     * The settings at {@code path} of {@code root}, validated against the same path of {@code
     * reference} (the merged {@code reference.conf} files).
     *
     * @param owner how messages name the component, e.g. "loss 'triplet'"
     */
    public static ComponentSettings resolve(String path, String owner, Config root, Config reference) {
        Config referenceSubtree = subtree(reference, path);
        Config valueSubtree = subtree(root, path);
        ComponentSettings settings =
                new ComponentSettings(path, owner, valueSubtree.withFallback(referenceSubtree), referenceSubtree);
        if (!reference.hasPath(path)) {
            settings.problems.add("No defaults for " + owner + ": no reference.conf on the classpath defines '"
                    + path + "' (every component ships its settings with a comment on each key)");
            return settings;
        }
        if (root.hasPath(path) && root.getValue(path).valueType() != ConfigValueType.OBJECT) {
            settings.problems.add(location(root.getValue(path).origin()) + "'" + path
                    + "' must be an object of settings for " + owner + ", was " + root.getValue(path).render());
            return settings;
        }
        settings.checkShape(valueSubtree);
        return settings;
    }

    /** The defaults alone, as a fresh run would see them. */
    public static ComponentSettings defaults(String path, String owner, Config reference) {
        return resolve(path, owner, ConfigFactory.empty(), reference);
    }

    private static Config subtree(Config config, String path) {
        return config.hasPath(path) && config.getValue(path).valueType() == ConfigValueType.OBJECT
                ? config.getConfig(path)
                : ConfigFactory.empty();
    }

    private void checkShape(Config given) {
        try {
            values.checkValid(reference);
        } catch (ConfigException.ValidationFailed e) {
            for (ConfigException.ValidationProblem p : e.problems()) {
                java.util.regex.Matcher wrongType = java.util.regex.Pattern.compile("expecting: (.+) but got: ")
                        .matcher(p.problem());
                String problem = wrongType.find() && values.hasPathOrNull(p.path())
                        ? "expected " + article(wrongType.group(1)) + ", was " + renderedValue(p.path())
                        : p.problem();
                problems.add(location(p.origin()) + "Invalid value at '" + path + "." + p.path() + "': " + problem);
            }
        }
        Set<String> unknown = new TreeSet<>();
        ConfigOrigin firstUnknown = null;
        for (var entry : given.entrySet()) {
            if (!reference.hasPathOrNull(entry.getKey()) && !insideListedObject(entry.getKey())) {
                unknown.add(entry.getKey());
                if (firstUnknown == null) {
                    firstUnknown = entry.getValue().origin();
                }
            }
        }
        if (!unknown.isEmpty()) {
            problems.add("Unknown settings for " + owner + ": " + unknown + " (" + describe(firstUnknown)
                    + "). Known settings: " + knownKeys());
        }
    }

    /** Keys under an object the reference leaves open ({@code {}}), e.g. a map of named parts. */
    private boolean insideListedObject(String key) {
        String prefix = key;
        while (prefix.contains(".")) {
            prefix = prefix.substring(0, prefix.lastIndexOf('.'));
            if (reference.hasPath(prefix) && reference.getValue(prefix).valueType() == ConfigValueType.OBJECT
                    && reference.getConfig(prefix).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private Set<String> knownKeys() {
        return reference.entrySet().stream().map(e -> e.getKey()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** {@code jdml.loss.triplet}. */
    public String path() {
        return path;
    }

    /** The raw merged settings, for components with nested structures. Marks everything read. */
    public Config config() {
        read.addAll(knownKeys());
        return values;
    }

    public double getDouble(String key) {
        return get(key, () -> values.getDouble(key), 0.0, "a number");
    }

    /** An integer; a number with a fraction ({@code 2.5}) is a problem, not truncated. */
    public int getInt(String key) {
        return get(key, () -> {
            requireWhole(key);
            return values.getInt(key);
        }, 0, "an integer");
    }

    /** A long integer; a number with a fraction is a problem, not truncated. */
    public long getLong(String key) {
        return get(key, () -> {
            requireWhole(key);
            return values.getLong(key);
        }, 0L, "an integer");
    }

    /** Typesafe Config turns 2.5 into 2 when asked for an int; jdml refuses it instead. */
    private void requireWhole(String key) {
        if (values.hasPath(key) && values.getValue(key).unwrapped() instanceof Number n) {
            double d = n.doubleValue();
            if (d != Math.rint(d)) {
                throw new ConfigException.WrongType(values.getValue(key).origin(), key, "an integer", "a fraction");
            }
        }
    }

    public boolean getBoolean(String key) {
        return get(key, () -> values.getBoolean(key), false, "true or false");
    }

    public String getString(String key) {
        return get(key, () -> values.getString(key), "", "a string");
    }

    public List<Integer> getIntList(String key) {
        return get(key, () -> values.getIntList(key), List.of(), "a list of integers");
    }

    public List<Double> getDoubleList(String key) {
        return get(key, () -> values.getDoubleList(key), List.of(), "a list of numbers");
    }

    public List<String> getStringList(String key) {
        return get(key, () -> values.getStringList(key), List.of(), "a list of strings");
    }

    /** A sub-object, e.g. a map of named parts; every key below it counts as read. */
    public Config getConfig(String key) {
        Config sub = get(key, () -> values.getConfig(key), ConfigFactory.empty(), "an object");
        reference.entrySet().stream().map(e -> e.getKey()).filter(k -> k.startsWith(key + ".")).forEach(read::add);
        return sub;
    }

    /**
     * An enum written in kebab case ({@code squared-euclidean} for {@code SQUARED_EUCLIDEAN}). An
     * unknown word is a problem that lists the allowed ones; the first constant stands in for it.
     */
    public <E extends Enum<E>> E getEnum(Class<E> type, String key) {
        String word = getString(key);
        E[] constants = type.getEnumConstants();
        for (E constant : constants) {
            if (kebab(constant).equals(word)) {
                return constant;
            }
        }
        if (problems.stream().noneMatch(p -> p.contains("'" + path + "." + key + "'"))) {
            problem(key, "must be one of " + Arrays.stream(constants).map(ComponentSettings::kebab).toList()
                    + ", was '" + word + "'");
        }
        return constants[0];
    }

    /** The config word for an enum constant: {@code SQUARED_EUCLIDEAN} is {@code squared-euclidean}. */
    public static String kebab(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Records a problem unless {@code ok}: "run.conf: 14: Invalid value at 'jdml.loss.triplet.margin':
     * must be > 0, was -0.1".
     *
     * @return {@code ok}, so callers can skip work that needs the value to be valid
     */
    public boolean check(boolean ok, String key, String expectation) {
        if (!ok && !hasProblem(key)) {
            problem(key, expectation + ", was " + renderedValue(key));
        }
        return ok;
    }

    /** "a number", "an object", "a list": Typesafe Config's type names as a message reads them. */
    private static String article(String type) {
        String word = type.toLowerCase(Locale.ROOT);
        return ("aeiou".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word;
    }

    /** Whether a problem about {@code key} is recorded already (a wrong type, say): one per key is enough. */
    private boolean hasProblem(String key) {
        String marker = "'" + path + "." + key + "'";
        return problems.stream().anyMatch(p -> p.contains(marker));
    }

    /** Records a problem about {@code key} in the words given, with the value's origin in front. */
    public void problem(String key, String message) {
        if (hasProblem(key)) {
            return; // a type error found first is the one worth reading
        }
        ConfigOrigin origin = values.hasPathOrNull(key) ? values.getValue(key).origin() : null;
        problems.add(location(origin) + "Invalid value at '" + path + "." + key + "': " + message);
    }

    /** Records a problem that is about the component as a whole, not one key. */
    public void problem(String message) {
        problems.add(owner + ": " + message);
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Throws every recorded problem at once, numbered. */
    public void throwIfInvalid() {
        if (!problems.isEmpty()) {
            throw new JdmlConfigurationException(problems);
        }
    }

    /** Documented keys no getter has asked for yet (a component should read them all). */
    public Set<String> unreadKeys() {
        Set<String> unread = knownKeys();
        unread.removeIf(k -> read.contains(k) || read.stream().anyMatch(r -> k.startsWith(r + ".")));
        return unread;
    }

    private String renderedValue(String key) {
        if (!values.hasPathOrNull(key)) {
            return "missing";
        }
        ConfigValue value = values.getValue(key);
        Object unwrapped = value.unwrapped();
        return unwrapped instanceof String ? "'" + unwrapped + "'"
                : value.render(com.typesafe.config.ConfigRenderOptions.concise());
    }

    private <T> T get(String key, java.util.function.Supplier<T> getter, T fallback, String expected) {
        read.add(key);
        try {
            return getter.get();
        } catch (ConfigException.Missing e) {
            problems.add("Missing setting '" + path + "." + key + "' for " + owner
                    + " (its reference.conf should define it)");
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            problem(key, "expected " + expected + ", was " + renderedValue(key));
        } catch (ConfigException e) {
            if (values.hasPathOrNull(key)) {
                problem(key, "expected " + expected + ", was " + renderedValue(key));
                return fallback;
            }
            problem(key, e.getMessage());
        }
        return fallback;
    }

    static String location(ConfigOrigin origin) {
        return Origins.prefix(origin);
    }

    static String describe(ConfigOrigin origin) {
        return Origins.describe(origin);
    }
}
