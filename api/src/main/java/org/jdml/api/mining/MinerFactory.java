package org.jdml.api.mining;

import org.jdml.api.ComponentFactory;
import org.jdml.api.Stable;

/** Makes {@link Miner}s; settings under {@code jdml.miner.<name>}. */
@Stable
public interface MinerFactory extends ComponentFactory<Miner> {}
