package org.jdml.api;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A component whose state must survive a restart: a resumed run continues exactly where the
 * checkpoint left it (same random draws, same knob values, same position in an epoch).
 */
@Stable
public interface Checkpointable {

    /** Writes everything needed to continue; the default writes nothing (a stateless component). */
    default void saveState(DataOutputStream out) throws IOException {}

    /** Restores what {@link #saveState} wrote, in the same order. */
    default void loadState(DataInputStream in) throws IOException {}
}
