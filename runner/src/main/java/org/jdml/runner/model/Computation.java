package org.jdml.runner.model;

/**
 * How a network computes its passes: in which precision, and in which memory order for images.
 * Whatever the precision, the network's parameters stay float32 (the master weights that the
 * optimizer updates and the checkpoints hold), the embeddings it returns are float32, and so is all
 * that follows them: miner, loss and the loss's own parameters. See {@link ComputingStore}.
 *
 * @param precision the type of the activations, of the convolution and linear weights as the layers
 *     read them, and of their gradients; batch norm keeps float32 parameters and statistics
 * @param channelsLast images and 4-d weights in channels-last memory order ((B, H, W, C) in memory)
 */
public record Computation(Precision precision, boolean channelsLast) {

    /** float32, contiguous: what DJL does by itself. */
    public static final Computation PLAIN = new Computation(Precision.FP32, false);

    /** Whether the network computes as DJL would by itself, with nothing to convert. */
    public boolean isPlain() {
        return !precision.isLow() && !channelsLast;
    }

    /** "bf16, channels-last", "fp32", ...: for logs and reports. */
    public String describe() {
        return precision.label() + (channelsLast ? ", channels-last" : "");
    }
}
