package org.jdml.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceConfigurationError;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.api.loss.LossFactory;
import org.jdml.api.loss.MetricLoss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryTest {

    /** A loss factory with a given name that builds nothing. */
    record Named(String name) implements LossFactory {
        @Override
        public MetricLoss create(ComponentSettings settings, ComponentContext context) {
            throw new UnsupportedOperationException();
        }
    }

    public static final class Triplet implements LossFactory {
        @Override
        public String name() {
            return "triplet";
        }

        @Override
        public MetricLoss create(ComponentSettings settings, ComponentContext context) {
            throw new UnsupportedOperationException();
        }
    }

    public static final class Exploding implements LossFactory {
        public Exploding() {
            throw new IllegalStateException("licence file missing");
        }

        @Override
        public String name() {
            return "exploding";
        }

        @Override
        public MetricLoss create(ComponentSettings settings, ComponentContext context) {
            throw new UnsupportedOperationException();
        }
    }

    private final Registry<LossFactory> losses = Registry.of(ComponentKind.LOSS,
            new Named("triplet"), new Named("proxy-nca"), new Named("softtriple"), new Named("centroid-bound"));

    @Test
    void unknownNameListsEveryNameSortedAndSuggestsTheNearest() {
        assertThatThrownBy(() -> losses.get("tripplet", "jdml.loss.name (run.conf: 12)"))
                .isInstanceOf(JdmlConfigurationException.class)
                .hasMessageContaining("Unknown loss 'tripplet' at jdml.loss.name (run.conf: 12)")
                .hasMessageContaining("Available losses: [centroid-bound, proxy-nca, softtriple, triplet]")
                .hasMessageContaining("Did you mean 'triplet'?");
    }

    @Test
    void farFetchedNameGetsNoSuggestion() {
        assertThatThrownBy(() -> losses.get("arcface", "jdml.loss.name"))
                .hasMessageContaining("Unknown loss 'arcface'")
                .hasMessageNotContaining("Did you mean");
    }

    @Test
    void selectedReadsTheSelectorWithItsOrigin() {
        var config = ConfigFactory.parseString("jdml.loss.name = softtripple",
                ConfigParseOptions.defaults().setOriginDescription("run.conf"));
        assertThatThrownBy(() -> losses.selected(config))
                .hasMessageContaining("Unknown loss 'softtripple' at jdml.loss.name (run.conf: 1)")
                .hasMessageContaining("Did you mean 'softtriple'?");
        assertThat(losses.selected(ConfigFactory.parseString("jdml.loss.name = triplet")))
                .hasValueSatisfying(f -> assertThat(f.name()).isEqualTo("triplet"));
        assertThat(losses.selected(ConfigFactory.parseString("jdml.loss.name = none"))).isEmpty();
    }

    @Test
    void duplicateNameIsFatalAndNamesBothProviders() {
        assertThatThrownBy(() -> Registry.of(ComponentKind.LOSS, new Named("triplet"), new Triplet()))
                .isInstanceOf(ServiceConfigurationError.class)
                .hasMessageContaining("Loss 'triplet' is registered by both")
                .hasMessageContaining(Named.class.getName())
                .hasMessageContaining(Triplet.class.getName());
    }

    @Test
    void malformedAndReservedNamesAreRejected() {
        for (String bad : new String[] {"Triplet", "tri_plet", "9lives", "", "none", "name"}) {
            assertThatThrownBy(() -> Registry.of(ComponentKind.LOSS, new Named(bad)))
                    .as(bad)
                    .isInstanceOf(ServiceConfigurationError.class)
                    .hasMessageContaining("malformed name '" + bad + "'");
        }
    }

    @Test
    void noProviderAtAllNamesTheServicesFile() {
        Registry<LossFactory> empty = Registry.of(ComponentKind.LOSS);
        assertThatThrownBy(() -> empty.get("triplet", "jdml.loss.name"))
                .hasMessageContaining("No loss implementations found")
                .hasMessageContaining("META-INF/services/org.jdml.api.loss.LossFactory");
    }

    @Test
    void loadsProvidersThroughServiceLoader(@TempDir Path dir) throws IOException {
        Registry<LossFactory> loaded = Registry.load(ComponentKind.LOSS, loaderListing(dir, Triplet.class.getName()));
        assertThat(loaded.names()).containsExactly("triplet");
    }

    @Test
    void factoryThatCannotBeInstantiatedIsNamed(@TempDir Path dir) throws IOException {
        ClassLoader loader = loaderListing(dir, Exploding.class.getName());
        assertThatThrownBy(() -> Registry.load(ComponentKind.LOSS, loader))
                .isInstanceOf(ServiceConfigurationError.class)
                .hasMessageContaining(Exploding.class.getName())
                .hasMessageContaining("could not be instantiated")
                .hasMessageContaining("licence file missing");
    }

    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(Registry.editDistance("triplet", "triplet")).isZero();
        assertThat(Registry.editDistance("tripplet", "triplet")).isEqualTo(1);
        assertThat(Registry.editDistance("kitten", "sitting")).isEqualTo(3);
        assertThat(Registry.editDistance("", "abc")).isEqualTo(3);
    }

    /** A class loader whose only services file lists the given provider (classes come from the parent). */
    private static ClassLoader loaderListing(Path dir, String provider) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(LossFactory.class.getName()), provider + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, null) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                return RegistryTest.class.getClassLoader().loadClass(name);
            }
        };
    }
}
