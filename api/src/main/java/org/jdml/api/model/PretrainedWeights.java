package org.jdml.api.model;

import org.jdml.api.Experimental;

/**
 * A backbone that starts from weights trained elsewhere. The host initialises the network (so that
 * every shape is known) and applies its own weight initialisation, then calls {@link #loadPretrained}
 * once, before training; a resumed run's checkpoint replaces the values afterwards.
 *
 * <p>A backbone implements this only when it has weights to load (its {@code weights} setting
 * names a file), so being an instance is the host's test; the same backbone from random weights
 * does not implement it, though its parameters are named alike (see {@link ReferenceLayout}).
 */
@Experimental("new with pretrained backbones")
public interface PretrainedWeights {

    /**
     * Copies the weights into the initialised parameters, after checking the whole file against them.
     *
     * @return a line for the run's log: the file, and what was loaded and left out
     * @throws org.jdml.api.data.DataException naming the file and, where one is at fault, the tensor and both shapes
     */
    String loadPretrained();
}
