package org.jdml.loss.softtriple;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.UniformInitializer;
import org.jdml.api.loss.LossParameterBlock;

/**
 * The learnable centres of a {@link SoftTripleLoss}: one parameter {@code centers} of shape (C·K, D),
 * row {@code c·K + k} being centre k of class c.
 *
 * <p>Initial values are uniform in ±1/√(C·K), drawn with the engine's random generator (reproducible
 * after {@code Engine.setRandomSeed}). That is the official code's Kaiming-uniform initialisation
 * (a = √5) of its (D, C·K) centre matrix, whose fan-in is C·K. Centres are normalised in every forward
 * pass, so the scale only sets how far one optimiser step turns them.
 *
 * <p>The host initialises the block with the shapes of the embeddings and the labels, trains its
 * parameter beside the backbone and saves it in checkpoints. As a DJL block its forward pass takes
 * (embeddings, labels) and returns the scalar loss, the same value {@link SoftTripleLoss#compute} gives.
 */
public final class SoftTripleCenters extends LossParameterBlock {

    /** Serialisation version of the block's parameter file; raise it when the format changes. */
    public static final byte VERSION = 1;

    /** The parameter's name in checkpoints. */
    public static final String PARAMETER = "centers";

    SoftTripleCenters(int classes, int perClass, int dimension, LossFunction loss) {
        super(VERSION, PARAMETER, new Shape((long) classes * perClass, dimension),
                "classes x centres per class, embedding size",
                new UniformInitializer((float) (1 / Math.sqrt((double) classes * perClass))), loss);
    }

    /** The (C·K, D) centres. */
    public Parameter centers() {
        return parameter();
    }
}
