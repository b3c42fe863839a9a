package org.jdml.api.data;

import org.jdml.api.ComponentFactory;
import org.jdml.api.Stable;

/** Makes {@link BatchSampler}s; settings under {@code jdml.sampler.<name>}. */
@Stable
public interface SamplerFactory extends ComponentFactory<BatchSampler> {}
