package org.jdml.api.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jdml.api.Stable;
import org.jdml.api.mining.Tuples;

/**
 * A loss over a batch of embeddings. The host calls {@link #compute} inside a gradient collector
 * and back-propagates the returned scalar into the backbone and into {@link #parameterBlock()}.
 *
 * <p>Arrays the loss creates from its own parameters belong to the parameter's long-lived manager
 * unless attached to the batch's ({@code embeddings.getManager()}); attach them, or start each
 * expression from a batch array, so that nothing outlives the iteration.
 */
@Stable
public interface MetricLoss {

    /**
     * @param embeddings (B, D) float embeddings, as the backbone produced them
     * @param labels (B) integer class labels
     * @param tuples what a miner chose, or {@link Tuples#all()} for every valid tuple in the batch
     * @return the reduced loss (a scalar) and, where it means something, the share of active tuples
     */
    LossOutput compute(NDArray embeddings, NDArray labels, Tuples tuples);

    /**
     * The loss's learnable parameters (proxies, centres) as a block the host initialises, trains beside
     * the backbone, and saves in checkpoints. Its parameter shapes are fixed when the loss is created.
     *
     * <p><b>Initialisation contract.</b> Before the first {@link #compute}, the host initialises the
     * block once, through {@link #initializeParameters} (which the runner and the test kit call);
     * {@code compute} on a loss whose block is not initialised throws {@link IllegalStateException}.
     * The values come from the block's own initializers, drawn from the engine's random generator:
     * seed the engine first for repeatable values, or set them with {@link #setParameterValues}.
     */
    default Optional<Block> parameterBlock() {
        return Optional.empty();
    }

    /**
     * Initialises {@link #parameterBlock()} for embeddings of {@code embeddingSize} (a no-op without
     * one, and for a block already initialised). Hosts call it once before the first {@link #compute}.
     */
    default void initializeParameters(NDManager manager, int embeddingSize) {
        parameterBlock().filter(block -> !block.isInitialized()).ifPresent(block -> block.initialize(manager,
                DataType.FLOAT32, new Shape(1, embeddingSize), new Shape(1)));
    }

    /**
     * The current values of the learnable parameters by name ("proxies", "centres"): the live arrays,
     * so read them, copy them, save them; change them through {@link #setParameterValues}. Empty for a
     * loss without parameters.
     *
     * @throws IllegalStateException before {@link #initializeParameters}
     */
    default Map<String, NDArray> parameterValues() {
        Map<String, NDArray> values = new LinkedHashMap<>();
        parameterBlock().ifPresent(block -> block.getParameters().forEach(p -> {
            if (!p.getValue().isInitialized()) {
                throw new IllegalStateException("the loss parameter '" + p.getValue().getName()
                        + "' is not initialised: call initializeParameters first");
            }
            values.put(p.getValue().getName(), p.getValue().getArray());
        }));
        return values;
    }

    /**
     * Replaces the values of the learnable parameter {@code name} in place (fixed proxies, centres
     * computed elsewhere, a pretrained loss): the array keeps its identity, device and gradient flag,
     * so optimizers and checkpoints see the new values.
     *
     * @throws IllegalArgumentException for an unknown name or a shape other than the parameter's
     */
    default void setParameterValues(String name, NDArray values) {
        NDArray target = parameterValues().get(name);
        if (target == null) {
            throw new IllegalArgumentException("this loss has no parameter '" + name + "'; it has "
                    + parameterValues().keySet());
        }
        if (!target.getShape().equals(values.getShape())) {
            throw new IllegalArgumentException("the parameter '" + name + "' has shape " + target.getShape()
                    + ", the values given have " + values.getShape());
        }
        try (NDArray copy = values.toDevice(target.getDevice(), true).toType(target.getDataType(), true)) {
            target.set(new NDIndex(":"), copy);
        }
    }

    /** How much larger than the backbone's the learning rate of {@link #parameterBlock()} is. */
    default float learningRateMultiplier() {
        return 1f;
    }

    /**
     * Facts about the loss's own state worth following over training, e.g. how many distinct centres
     * each class keeps. The host asks once at the end of every epoch, outside the gradient, and writes
     * them into that epoch's line of {@code metrics.jsonl} ({@code "loss-state"}) and into the report.
     * Names are kebab case; the default has none.
     */
    default Map<String, Double> epochState() {
        return Map.of();
    }
}
