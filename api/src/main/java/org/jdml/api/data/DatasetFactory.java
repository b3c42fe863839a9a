package org.jdml.api.data;

import org.jdml.api.ComponentFactory;
import org.jdml.api.Stable;

/** Makes {@link MetricDataset}s; settings under {@code jdml.dataset.<name>}. */
@Stable
public interface DatasetFactory extends ComponentFactory<MetricDataset> {}
