package org.jdml.api.data;

import org.jdml.api.ComponentFactory;

/** Makes {@link BatchSampler}s; settings under {@code jdml.sampler.<name>}. */
public interface SamplerFactory extends ComponentFactory<BatchSampler> {}
