package org.jdml.api.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import java.util.Map;
import java.util.Optional;
import org.jdml.api.mining.Tuples;

/**
 * A loss over a batch of embeddings. The host calls {@link #compute} inside a gradient collector
 * and back-propagates the returned scalar into the backbone and into {@link #parameterBlock()}.
 *
 * <p>Arrays the loss creates from its own parameters belong to the parameter's long-lived manager
 * unless attached to the batch's ({@code embeddings.getManager()}); attach them, or start each
 * expression from a batch array, so that nothing outlives the iteration.
 */
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
     */
    default Optional<Block> parameterBlock() {
        return Optional.empty();
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
