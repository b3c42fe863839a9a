package org.jdml.api.mining;

import org.jdml.api.ComponentFactory;

/** Makes {@link Miner}s; settings under {@code jdml.miner.<name>}. */
public interface MinerFactory extends ComponentFactory<Miner> {}
