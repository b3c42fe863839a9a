package org.jdml.api.data;

import org.jdml.api.ComponentFactory;

/** Makes {@link MetricDataset}s; settings under {@code jdml.dataset.<name>}. */
public interface DatasetFactory extends ComponentFactory<MetricDataset> {}
