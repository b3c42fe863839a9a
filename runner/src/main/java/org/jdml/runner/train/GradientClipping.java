package org.jdml.runner.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * Gradient clipping by the global L2 norm, done by hand because the PyTorch engine's clipping only
 * clamps from above, element by element: when ||g|| over all parameters exceeds {@code max}, every
 * gradient is scaled by max / (||g|| + 1e-6) (torch.nn.utils.clip_grad_norm_'s rule).
 */
public final class GradientClipping {

    private GradientClipping() {}

    /** sqrt(sum of every squared gradient element), computed on the engine with one read-back. */
    public static double globalNorm(List<NDArray> gradients, NDManager scratch) {
        if (gradients.isEmpty()) {
            return 0;
        }
        NDArray total = null;
        for (NDArray g : gradients) {
            NDArray squares = g.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).square().sum();
            total = total == null ? squares : total.add(squares);
        }
        total.attach(scratch);
        return Math.sqrt(total.getFloat());
    }

    /**
     * Scales the gradients in place so that their global norm is at most {@code max}.
     *
     * @param norm their global norm, from {@link #globalNorm}
     * @return the factor applied (1 when none was needed)
     */
    public static double clip(List<NDArray> gradients, double norm, double max) {
        double factor = max / (norm + 1e-6);
        if (factor >= 1) {
            return 1;
        }
        for (NDArray g : gradients) {
            g.muli((float) factor);
        }
        return factor;
    }
}
