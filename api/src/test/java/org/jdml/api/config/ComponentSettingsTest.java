package org.jdml.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import org.junit.jupiter.api.Test;

class ComponentSettingsTest {

    enum Distance { EUCLIDEAN, SQUARED_EUCLIDEAN, COSINE }

    private static final Config REFERENCE = parse("reference.conf", """
            jdml.loss.triplet {
              # hinge margin
              margin = 0.2
              distance = euclidean
              normalize = true
              parts {}
            }
            """);

    private static Config parse(String origin, String text) {
        return ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription(origin));
    }

    private static ComponentSettings settings(String runConf) {
        return ComponentSettings.resolve("jdml.loss.triplet", "loss 'triplet'", parse("run.conf", runConf), REFERENCE);
    }

    @Test
    void readsTypedValuesOverTheDefaults() {
        ComponentSettings s = settings("jdml.loss.triplet.margin = 0.5");
        assertThat(s.getDouble("margin")).isEqualTo(0.5);
        assertThat(s.getEnum(Distance.class, "distance")).isEqualTo(Distance.EUCLIDEAN);
        assertThat(s.getBoolean("normalize")).isTrue();
        assertThat(s.problems()).isEmpty();
    }

    @Test
    void kebabCaseSelectsEnumConstants() {
        ComponentSettings s = settings("jdml.loss.triplet.distance = squared-euclidean");
        assertThat(s.getEnum(Distance.class, "distance")).isEqualTo(Distance.SQUARED_EUCLIDEAN);
        assertThat(ComponentSettings.kebab(Distance.SQUARED_EUCLIDEAN)).isEqualTo("squared-euclidean");
    }

    @Test
    void unknownEnumWordListsTheAllowedOnesWithItsOrigin() {
        ComponentSettings s = settings("\njdml.loss.triplet.distance = manhattan");
        s.getEnum(Distance.class, "distance");
        assertThat(s.problems()).singleElement().asString()
                .isEqualTo("run.conf: 2: Invalid value at 'jdml.loss.triplet.distance': must be one of "
                        + "[euclidean, squared-euclidean, cosine], was 'manhattan'");
    }

    @Test
    void unknownKeysAreRejectedWithOriginAndTheKnownKeys() {
        ComponentSettings s = settings("jdml.loss.triplet {\n  margn = 0.3\n}");
        assertThat(s.problems()).singleElement().asString()
                .isEqualTo("Unknown settings for loss 'triplet': [margn] (run.conf: 2). "
                        + "Known settings: [distance, margin, normalize]");
    }

    @Test
    void keysUnderAnOpenObjectAreAccepted() {
        ComponentSettings s = settings("jdml.loss.triplet.parts { triplet = 1.0, global = 0.5 }");
        assertThat(s.problems()).isEmpty();
        assertThat(s.getConfig("parts").getDouble("global")).isEqualTo(0.5);
    }

    @Test
    void wrongTypeIsReportedWithItsOrigin() {
        ComponentSettings s = settings("\n\njdml.loss.triplet.margin = wide");
        // Typesafe's checkValid lets a string stand for any type; the typed read catches it
        assertThat(s.getDouble("margin")).isZero();
        assertThat(s.problems()).singleElement().asString()
                .startsWith("run.conf: 3: Invalid value at 'jdml.loss.triplet.margin'")
                .endsWith("expected a number, was 'wide'");
        ComponentSettings list = settings("jdml.loss.triplet.margin = [1, 2]");
        assertThat(list.problems()).singleElement().asString()
                .startsWith("run.conf: 1: Invalid value at 'jdml.loss.triplet.margin'");
    }

    @Test
    void rangeChecksAreCollectedAndThrownTogether() {
        ComponentSettings s = settings("jdml.loss.triplet { margin = -0.1, distance = chebyshev }");
        s.check(s.getDouble("margin") > 0, "margin", "must be > 0");
        s.getEnum(Distance.class, "distance");
        assertThat(s.problems()).hasSize(2);
        assertThat(s.problems().get(0)).isEqualTo("run.conf: 1: Invalid value at 'jdml.loss.triplet.margin': "
                + "must be > 0, was -0.1");
        assertThatThrownBy(s::throwIfInvalid)
                .isInstanceOf(JdmlConfigurationException.class)
                .hasMessageStartingWith("2 configuration problems:")
                .hasMessageContaining("1. run.conf: 1: Invalid value at 'jdml.loss.triplet.margin'")
                .hasMessageContaining("2. run.conf: 1: Invalid value at 'jdml.loss.triplet.distance'");
    }

    @Test
    void settingsThatAreNotAnObjectAreRejected() {
        ComponentSettings s = settings("jdml.loss.triplet = 3");
        assertThat(s.problems()).singleElement().asString()
                .contains("'jdml.loss.triplet' must be an object of settings for loss 'triplet'");
    }

    @Test
    void componentWithoutReferenceIsReported() {
        ComponentSettings s = ComponentSettings.resolve("jdml.loss.arcface", "loss 'arcface'",
                ConfigFactory.empty(), REFERENCE);
        assertThat(s.problems()).singleElement().asString()
                .contains("No defaults for loss 'arcface'").contains("jdml.loss.arcface");
    }

    @Test
    void unreadKeysAreThoseNoGetterAskedFor() {
        ComponentSettings s = settings("");
        s.getDouble("margin");
        assertThat(s.unreadKeys()).containsExactly("distance", "normalize");
        s.getConfig("parts");
        s.getString("distance");
        s.getBoolean("normalize");
        assertThat(s.unreadKeys()).isEmpty();
    }
}
