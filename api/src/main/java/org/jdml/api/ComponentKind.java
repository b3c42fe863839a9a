package org.jdml.api;

import java.util.List;
import org.jdml.api.control.ControllerFactory;
import org.jdml.api.data.DatasetFactory;
import org.jdml.api.data.SamplerFactory;
import org.jdml.api.loss.LossFactory;
import org.jdml.api.mining.MinerFactory;
import org.jdml.api.model.BackboneFactory;

/**
 * One kind of plugin: its factory interface and the words used for it in config keys and messages.
 *
 * @param <F> the factory interface
 */
@Stable
public final class ComponentKind<F extends ComponentFactory<?>> {

    public static final ComponentKind<LossFactory> LOSS =
            new ComponentKind<>("loss", "losses", LossFactory.class);
    public static final ComponentKind<MinerFactory> MINER =
            new ComponentKind<>("miner", "miners", MinerFactory.class);
    public static final ComponentKind<SamplerFactory> SAMPLER =
            new ComponentKind<>("sampler", "samplers", SamplerFactory.class);
    public static final ComponentKind<ControllerFactory> CONTROLLER =
            new ComponentKind<>("controller", "controllers", ControllerFactory.class);
    public static final ComponentKind<DatasetFactory> DATASET =
            new ComponentKind<>("dataset", "datasets", DatasetFactory.class);
    public static final ComponentKind<BackboneFactory> BACKBONE =
            new ComponentKind<>("backbone", "backbones", BackboneFactory.class);

    /** Every kind, in the order a run builds them. */
    public static final List<ComponentKind<?>> ALL =
            List.of(DATASET, BACKBONE, SAMPLER, MINER, LOSS, CONTROLLER);

    /** Selector value meaning "no component of this kind" (only for kinds that may be absent). */
    public static final String NONE = "none";

    private final String singular;
    private final String plural;
    private final Class<F> factoryType;

    private ComponentKind(String singular, String plural, Class<F> factoryType) {
        this.singular = singular;
        this.plural = plural;
        this.factoryType = factoryType;
    }

    /** "loss": the config segment ({@code jdml.loss.*}) and the word in messages. */
    public String singular() {
        return singular;
    }

    public String plural() {
        return plural;
    }

    public Class<F> factoryType() {
        return factoryType;
    }

    /** {@code jdml.loss.name}: where a run selects its component of this kind. */
    public String selectorPath() {
        return "jdml." + singular + ".name";
    }

    /** {@code jdml.loss.triplet}: where a component's settings live. */
    public String settingsPath(String name) {
        return "jdml." + singular + "." + name;
    }

    @Override
    public String toString() {
        return singular;
    }
}
