package org.jdml.runner.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jdml.api.ComponentFactory;
import org.jdml.api.ComponentKind;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.api.data.DataException;
import org.jdml.runner.plugins.PluginClassLoader;
import org.jdml.testkit.TestContext;
import org.jdml.testkit.VectorSplit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Builds every registered component with its defaults, so that a missing services entry, a missing
 * or incomplete reference.conf, or a factory that cannot build its own defaults fails here.
 * Components whose defaults cannot name a user's file (a dataset folder, a scripted model) must
 * instead report a configuration problem that names the key to set.
 */
class ComponentSweepTest {

    private static final Registries REGISTRIES = new Registries(
            PluginClassLoader.of(java.nio.file.Path.of("no-plugins-here"), false,
                    ComponentSweepTest.class.getClassLoader()));
    private static final Config REFERENCE = ConfigFactory.defaultReference(ComponentSweepTest.class.getClassLoader());

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    static Stream<Arguments> everyComponent() {
        List<Arguments> all = new ArrayList<>();
        for (ComponentKind<?> kind : ComponentKind.ALL) {
            for (ComponentFactory<?> factory : REGISTRIES.of(kind).factories()) {
                all.add(Arguments.of(kind, factory.name()));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyComponent")
    void buildsWithItsDefaultsOrNamesTheSettingItNeeds(ComponentKind<?> kind, String name) {
        ComponentFactory<?> factory = REGISTRIES.of(kind).find(name).orElseThrow();
        ComponentSettings settings = ComponentSettings.resolve(kind.settingsPath(name), kind + " '" + name + "'",
                ConfigFactory.empty(), REFERENCE);
        assertThat(settings.problems()).as("the defaults of %s '%s' are valid", kind, name).isEmpty();
        VectorSplit data = VectorSplit.gaussianClasses(new int[] {30, 30, 30, 30, 30, 30}, 16, 3);
        var context = TestContext.builder(manager).embeddingSize(64).trainingClasses(6).batchSize(24)
                .trainingData(data).embedder(VectorSplit.identityEmbedder(data)).build();
        try {
            Object product = factory.create(settings, context);
            if (settings.problems().isEmpty()) {
                assertThat(product).isNotNull();
                assertThat(settings.unreadKeys()).as("documented keys %s never reads", name).isEmpty();
                return;
            }
        } catch (JdmlConfigurationException | DataException e) {
            assertThat(e.getMessage()).as("the failure of %s '%s' says which setting to change", kind, name)
                    .contains(kind.settingsPath(name));
            return;
        }
        assertThat(settings.problems()).as("problems of %s '%s' name the setting to change", kind, name)
                .allSatisfy(p -> assertThat(p).contains(kind.settingsPath(name)));
    }
}
