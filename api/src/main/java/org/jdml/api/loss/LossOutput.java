package org.jdml.api.loss;

import ai.djl.ndarray.NDArray;
import java.util.Objects;
import java.util.Optional;
import org.jdml.api.Stable;

/**
 * A loss's value for one batch.
 *
 * @param loss the scalar to back-propagate
 * @param activeFraction share of the tuples that produced a non-zero loss (a scalar array), the usual
 *     training signal for adaptive mining; null when the loss has no such notion
 */
@Stable
public record LossOutput(NDArray loss, NDArray activeFraction) {

    public LossOutput {
        Objects.requireNonNull(loss, "loss");
        if (loss.getShape().size() != 1) {
            throw new IllegalArgumentException("a loss must be a scalar, was shape " + loss.getShape());
        }
    }

    public static LossOutput of(NDArray loss) {
        return new LossOutput(loss, null);
    }

    public Optional<NDArray> active() {
        return Optional.ofNullable(activeFraction);
    }
}
