package org.jdml.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.loss.LossFactory;
import org.jdml.api.loss.MetricLoss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nested components get the host's facts and a random stream of their own, as in a run. */
class HostContextTest {

    /** What each built component saw: its name, its first draw and the embedding size. */
    private final List<String> seen = new ArrayList<>();

    /** A loss factory that records its context and, if asked, builds a nested "part". */
    private LossFactory probe(String name, boolean nests) {
        return new LossFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public MetricLoss create(ComponentSettings settings, ComponentContext context) {
                seen.add(name + " " + context.random().nextLong() + " " + context.embeddingSize());
                if (nests) {
                    context.create(ComponentKind.LOSS, "part");
                }
                return (embeddings, labels, tuples) -> {
                    throw new UnsupportedOperationException();
                };
            }
        };
    }

    @TempDir
    Path defaults;

    @Test
    void aNestedComponentHasTheFactsAndTheStreamARunWouldGiveIt() throws IOException {
        // the probes' (empty) settings, in a reference.conf of their own as a plugin jar would ship them
        Files.writeString(defaults.resolve("reference.conf"), "jdml.loss { whole {}, part {} }");
        ClassLoader loader = new URLClassLoader(new URL[] {defaults.toUri().toURL()}, getClass().getClassLoader());
        Registry<LossFactory> losses = Registry.of(ComponentKind.LOSS, probe("whole", true), probe("part", false));
        ComponentHost host = ComponentHost.of(new ComponentHost.Registries() {
            @Override
            @SuppressWarnings("unchecked")
            public <F extends ComponentFactory<?>> Registry<F> of(ComponentKind<F> kind) {
                return (Registry<F>) losses;
            }
        }, loader);
        try (NDManager manager = NDManager.newBaseManager()) {
            HostContext context = HostContext.builder(manager).seed(7).embeddingSize(16)
                    .nested(host, ConfigFactory.empty()).build();
            host.create(ComponentKind.LOSS, "whole", context);
        }
        long own = new Random(7).nextLong();
        long part = new Random(ComponentContext.componentSeed(7, "loss:part")).nextLong();
        assertThat(part).isNotEqualTo(own);
        assertThat(seen).containsExactly("whole " + own + " 16", "part " + part + " 16");
    }

    @Test
    void componentSeedsDifferByComponentAndBySeed() {
        assertThat(ComponentContext.componentSeed(7, "loss:a")).isNotEqualTo(ComponentContext.componentSeed(7, "loss:b"))
                .isNotEqualTo(ComponentContext.componentSeed(8, "loss:a"));
    }
}
