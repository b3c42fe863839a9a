package org.jdml.loss.triplet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jdml.api.ComponentContext;
import org.jdml.api.ComponentFactory;
import org.jdml.api.ComponentKind;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.loss.LossFactory;
import org.jdml.api.loss.MetricLoss;
import org.jdml.testkit.LossContract;
import org.jdml.testkit.TestContext;
import org.junit.jupiter.api.Test;

class SumLossFactoryTest extends LossContract {

    @Override
    protected LossFactory factory() {
        return new SumLossFactory();
    }

    @Override
    protected Map<String, Object> badValues() {
        return Map.of("parts", List.of(Map.of("loss", "triplet", "weight", -1.0)));
    }

    /** The settings of a run whose config is {@code text} (HOCON), origin "run.conf". */
    private static ComponentSettings settings(String text) {
        Config root = ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription("run.conf"));
        return TestContext.settings(ComponentKind.LOSS, SumLossFactory.NAME, root);
    }

    private List<String> problemsOf(String text) {
        ComponentSettings s = settings(text);
        new SumLossFactory().create(s, context());
        return s.problems();
    }

    @Test
    void defaultsAreTripletPlusGlobal() {
        SumLoss sum = (SumLoss) createWithDefaults();
        assertThat(sum.parts()).extracting(SumLoss.Part::name).containsExactly("triplet", "global");
        assertThat(sum.parts()).extracting(SumLoss.Part::weight).containsExactly(1.0, 1.0);
        assertThat(sum.parts().get(0).loss()).isInstanceOf(TripletMarginLoss.class);
        assertThat(sum.parts().get(1).loss()).isInstanceOf(GlobalLoss.class);
    }

    @Test
    void aRunsListReplacesTheDefaultOne() {
        ComponentSettings s = settings("jdml.loss.sum.parts = [ { loss = global, weight = 0.5 } ]");
        SumLoss sum = (SumLoss) new SumLossFactory().create(s, context());
        assertThat(s.problems()).isEmpty();
        assertThat(sum.parts()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("global");
            assertThat(p.weight()).isEqualTo(0.5);
        });
    }

    @Test
    void eachPartIsBuiltWithItsOwnSettings() {
        Config run = ConfigFactory.parseString("jdml.loss.triplet.margin = 0.7\njdml.loss.global.lambda = 3");
        ComponentContext context = TestContext.builder(manager).config(run).build();
        SumLoss sum = (SumLoss) new SumLossFactory().create(settings(""), context);
        assertThat(((TripletMarginLoss) sum.parts().get(0).loss()).margin()).isEqualTo(0.7);
        assertThat(((GlobalLoss) sum.parts().get(1).loss()).lambda()).isEqualTo(3.0);
    }

    @Test
    void anUnknownPartGetsTheRegistrysMessage() {
        assertThat(problemsOf("jdml.loss.sum.parts = [ { loss = tripplet, weight = 1 } ]")).singleElement()
                .asString()
                .contains("jdml.loss.sum.parts", "run.conf", "Unknown loss 'tripplet'", "Available losses: [",
                        "Did you mean 'triplet'?");
    }

    @Test
    void aPartWithBadSettingsIsReportedWithItsOwnKey() {
        Config run = ConfigFactory.parseString("jdml.loss.triplet.margin = -1");
        ComponentContext context = TestContext.builder(manager).config(run).build();
        ComponentSettings s = settings("");
        new SumLossFactory().create(s, context);
        assertThat(s.problems()).singleElement().asString()
                .contains("jdml.loss.sum.parts", "'triplet'", "jdml.loss.triplet.margin");
    }

    @Test
    void malformedPartsAreRejected() {
        assertThat(problemsOf("jdml.loss.sum.parts = []")).singleElement().asString()
                .contains("jdml.loss.sum.parts", "at least one part");
        assertThat(problemsOf("jdml.loss.sum.parts = [ { loss = sum, weight = 1 } ]")).singleElement().asString()
                .contains("cannot contain a sum");
        assertThat(problemsOf("jdml.loss.sum.parts = [ { loss = global, weight = 1 }, { loss = global, weight = 2 } ]"))
                .singleElement().asString().contains("'global' is listed twice");
        assertThat(problemsOf("jdml.loss.sum.parts = [ { loss = global, weight = 0 } ]")).singleElement().asString()
                .contains("weight must be a finite number > 0");
        assertThat(problemsOf("jdml.loss.sum.parts = [ { loss = global, weigth = 1 } ]")).singleElement().asString()
                .contains("part 1", "{ loss = <name>, weight = <number> }");
        // the shape check of the settings reports a part that is not an object, once
        assertThat(problemsOf("jdml.loss.sum.parts = [ global ]")).singleElement().asString()
                .contains("jdml.loss.sum.parts", "expecting list of object");
        assertThat(problemsOf("jdml.loss.sum.parts = [ { loss = global, weight = heavy } ]")).singleElement()
                .asString().contains("part 1");
        // the map form other tools use: a list is needed, and the message says so
        assertThat(problemsOf("jdml.loss.sum.parts { triplet = 1.0, global = 0.5 }")).isNotEmpty()
                .anySatisfy(p -> assertThat(p).contains("jdml.loss.sum.parts").contains("list"));
    }

    @Test
    void learnablePartsWithDifferentRatesAreAProblem() {
        ComponentContext fakes = new ComponentContext() {
            @Override
            public NDManager manager() {
                return manager;
            }

            @Override
            public long seed() {
                return 0;
            }

            @Override
            public Random random() {
                return new Random(0);
            }

            @Override
            @SuppressWarnings("unchecked")
            public <P> P create(ComponentKind<? extends ComponentFactory<P>> kind, String name) {
                return (P) (MetricLoss) new SumLossTest.Learnable(name.equals("fast") ? 100f : 10f);
            }
        };
        ComponentSettings s = settings("jdml.loss.sum.parts = [ { loss = slow, weight = 1 }, { loss = fast, weight = 1 } ]");
        SumLoss sum = (SumLoss) new SumLossFactory().create(s, fakes);
        assertThat(s.problems()).singleElement().asString()
                .contains("jdml.loss.sum.parts", "learning-rate multiplier", "slow = 10.0", "fast = 100.0");
        assertThat(sum).isNotNull();
    }
}
