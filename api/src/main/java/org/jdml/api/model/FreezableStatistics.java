package org.jdml.api.model;

import org.jdml.api.Experimental;

/**
 * A layer that keeps running statistics of its input (batch normalisation) and can stop updating
 * them: the usual choice when fine-tuning a pretrained network on small batches, whose statistics
 * are noisier than those the network was trained with.
 */
@Experimental("new with pretrained backbones")
public interface FreezableStatistics {

    /**
     * While frozen, the layer normalises with its running statistics in training as in evaluation,
     * and leaves them unchanged; gradients still flow to its input and to its learnable scale and
     * shift. Not saved with the parameters: the host sets it after building the network.
     */
    void freezeStatistics(boolean frozen);
}
