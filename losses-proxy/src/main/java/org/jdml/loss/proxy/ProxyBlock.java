package org.jdml.loss.proxy;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.NormalInitializer;
import org.jdml.api.loss.LossParameterBlock;

/**
 * The learnable proxies of a {@link ProxyNcaLoss}: one parameter {@code proxies} of shape (P, D),
 * initialised from N(0, 1) with the engine's random generator, so that a run seeded through {@code
 * Engine.setRandomSeed} starts from the same proxies. The proxies are normalised in every forward pass,
 * so their scale matters only for how far one optimiser step turns them.
 *
 * <p>The host initialises the block with the shapes of the embeddings and the labels, trains its
 * parameter beside the backbone and saves it in checkpoints. As a DJL block its forward pass takes
 * (embeddings, labels) and returns the scalar loss, the same value {@link ProxyNcaLoss#compute} gives.
 */
public final class ProxyBlock extends LossParameterBlock {

    /** Serialisation version of the block's parameter file; raise it when the format changes. */
    public static final byte VERSION = 1;

    /** The parameter's name in checkpoints. */
    public static final String PARAMETER = "proxies";

    ProxyBlock(int count, int dimension, LossFunction loss) {
        super(VERSION, PARAMETER, new Shape(count, dimension), "proxies x embedding size",
                new NormalInitializer(1f), loss);
    }

    /** The (P, D) proxies. */
    public Parameter proxies() {
        return parameter();
    }
}
