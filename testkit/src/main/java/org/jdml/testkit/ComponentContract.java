package org.jdml.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.Map;
import org.jdml.api.ComponentContext;
import org.jdml.api.ComponentFactory;
import org.jdml.api.ComponentKind;
import org.jdml.api.Components;
import org.jdml.api.Registry;
import org.jdml.api.config.ComponentSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every component, ours or a third party's, must honour: it is found by ServiceLoader under a
 * legal name, its {@code reference.conf} documents exactly the keys it reads, and bad settings are
 * rejected with their key and origin. Extend one of the kind-specific contracts rather than this.
 *
 * @param <P> the product
 * @param <F> the factory interface
 */
public abstract class ComponentContract<P, F extends ComponentFactory<P>> {

    /** Owns everything a test creates; closed after each test. */
    protected NDManager manager;

    /** The kind under test. */
    protected abstract ComponentKind<F> kind();

    /** A fresh factory instance of the implementation under test. */
    protected abstract F factory();

    /**
     * Values that must be rejected, key (relative to the component's settings) to value, e.g.
     * {@code Map.of("margin", -1)}. Empty only for a component without settings.
     */
    protected abstract Map<String, Object> badValues();

    /**
     * Settings every creation needs, merged under each test's own values (relative keys), e.g. the
     * folder of a dataset whose default {@code dir} is unset. Empty unless overridden.
     */
    protected Map<String, Object> requiredSettings() {
        return Map.of();
    }

    /** The context components are built with; override to give samplers data, etc. */
    protected ComponentContext context() {
        return TestContext.builder(manager).build();
    }

    @BeforeEach
    public void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    public void closeManager() {
        manager.close();
    }

    /** Builds the component from the defaults with the given overrides (relative keys). */
    protected P create(Map<String, Object> overrides) {
        return TestContext.build(factory(), kind(), overrides(overrides), context());
    }

    protected P createWithDefaults() {
        return create(Map.of());
    }

    /** {@code overrides} over {@link #requiredSettings()}, as a root config. */
    protected Config overrides(Map<String, Object> overrides) {
        Map<String, Object> merged = new java.util.LinkedHashMap<>(requiredSettings());
        merged.putAll(overrides);
        Config root = ConfigFactory.empty();
        for (var entry : merged.entrySet()) {
            root = root.withValue(kind().settingsPath(factory().name()) + "." + entry.getKey(),
                    ConfigValueFactory.fromAnyRef(entry.getValue(), "test overrides"));
        }
        return root;
    }

    @Test
    public void nameIsLegal() {
        assertThat(Components.isValidName(factory().name()))
                .as("name '%s' matches %s", factory().name(), Components.NAME.pattern())
                .isTrue();
    }

    @Test
    public void serviceLoaderFindsTheFactory() {
        Registry<F> registry = Registry.load(kind(), getClass().getClassLoader());
        assertThat(registry.find(factory().name()))
                .as("META-INF/services/%s lists %s", kind().factoryType().getName(), factory().getClass().getName())
                .hasValueSatisfying(f -> assertThat(f).isInstanceOf(factory().getClass()));
    }

    @Test
    public void defaultsBuildAndEveryDocumentedKeyIsRead() {
        ComponentSettings settings = TestContext.settings(kind(), factory().name(), overrides(Map.of()));
        assertThat(settings.problems()).as("problems with the defaults").isEmpty();
        P product = factory().create(settings, context());
        assertThat(product).isNotNull();
        assertThat(settings.problems()).as("problems with the defaults").isEmpty();
        assertThat(settings.unreadKeys()).as("keys in reference.conf that the factory never reads").isEmpty();
    }

    @Test
    public void unknownKeyIsRejectedWithItsOrigin() {
        String path = kind().settingsPath(factory().name());
        Config root = ConfigFactory.parseString(path + ".no-such-setting-xyz = 1",
                com.typesafe.config.ConfigParseOptions.defaults().setOriginDescription("bad.conf"))
                .withFallback(overrides(Map.of()));
        ComponentSettings settings = TestContext.settings(kind(), factory().name(), root);
        assertThat(settings.problems()).singleElement().asString()
                .contains("no-such-setting-xyz").contains("bad.conf").contains("Known settings");
    }

    @Test
    public void badValuesAreRejectedNamingTheirKey() {
        Map<String, Object> bad = badValues();
        ComponentSettings defaults = TestContext.settings(kind(), factory().name(), overrides(Map.of()));
        if (bad.isEmpty()) {
            assertThat(defaults.unreadKeys()).as("a component with settings must name bad values").isEmpty();
            factory().create(defaults, context());
            assertThat(defaults.problems()).isEmpty();
            return;
        }
        for (var entry : bad.entrySet()) {
            ComponentSettings settings = TestContext.settings(kind(), factory().name(),
                    overrides(Map.of(entry.getKey(), entry.getValue())));
            try {
                factory().create(settings, context());
            } catch (RuntimeException acceptable) {
                // the problems below must still explain why
            }
            assertThat(settings.problems())
                    .as("problems for %s = %s", entry.getKey(), entry.getValue())
                    .anySatisfy(p -> assertThat(p).contains(kind().settingsPath(factory().name()) + "." + entry.getKey()));
        }
    }
}
