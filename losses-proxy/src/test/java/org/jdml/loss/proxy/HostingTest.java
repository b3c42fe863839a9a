package org.jdml.loss.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.typesafe.config.ConfigFactory;
import org.jdml.api.ComponentContext;
import org.jdml.api.ComponentHost;
import org.jdml.api.ComponentKind;
import org.jdml.api.HostContext;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.api.loss.MetricLoss;
import org.jdml.api.mining.Tuples;
import org.junit.jupiter.api.Test;

/** A loss hosted through api alone, as the README's plugin section shows it: build, fix its proxies, compute. */
class HostingTest {

    private final ComponentHost host = ComponentHost.of(HostingTest.class.getClassLoader());

    @Test
    void aHostBuildsTheLossSetsItsProxiesAndGetsTheLossTheFormulaGives() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ComponentContext context = HostContext.builder(manager).embeddingSize(2).trainingClasses(2).build();
            MetricLoss loss = host.create(ComponentKind.LOSS, "proxy-nca",
                    ConfigFactory.parseString("jdml.loss.proxy-nca.scale = 2"), context);
            loss.initializeParameters(manager, 2);
            loss.setParameterValues("proxies", manager.create(new float[] {1, 0, 0, 1}, new Shape(2, 2)));
            NDArray embeddings = manager.create(new float[] {3, 0, 0, 0.5f}, new Shape(2, 2));
            float value = loss.compute(embeddings, manager.create(new long[] {0, 1}), Tuples.all()).loss().getFloat();
            // each sample sits on its own (normalised) proxy, at squared distance 2 from the other:
            // -log(e^0 / (e^0 + e^(-2 * 2)))
            assertThat((double) value).isCloseTo(Math.log(1 + Math.exp(-4)), within(1e-6));
        }
    }

    @Test
    void errorsNameTheComponent() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ComponentContext withoutClasses = HostContext.builder(manager).embeddingSize(2).build();
            assertThatThrownBy(() -> host.create(ComponentKind.LOSS, "proxy-nca", withoutClasses))
                    .isInstanceOf(JdmlConfigurationException.class)
                    .hasMessageContaining("The loss 'proxy-nca' needs ComponentContext.trainingClasses()");
            ComponentContext context = HostContext.builder(manager).embeddingSize(2).trainingClasses(2).build();
            assertThatThrownBy(() -> host.create(ComponentKind.LOSS, "proxy-nca",
                    ConfigFactory.parseString("jdml.loss.proxy-nca { scale = -1, sclae = 2 }"), context))
                    .isInstanceOf(JdmlConfigurationException.class)
                    .hasMessageContaining("jdml.loss.proxy-nca.scale").hasMessageContaining("sclae");
            assertThatThrownBy(() -> host.create(ComponentKind.LOSS, "proxy-ncaa", context))
                    .isInstanceOf(JdmlConfigurationException.class).hasMessageContaining("proxy-nca");
        }
    }
}
