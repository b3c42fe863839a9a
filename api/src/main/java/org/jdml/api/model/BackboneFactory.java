package org.jdml.api.model;

import ai.djl.nn.Block;
import org.jdml.api.ComponentFactory;
import org.jdml.api.Stable;

/**
 * Makes the network that turns a batch of items, shaped (B, ...itemShape), into features (B, F).
 * The host appends the embedding layer of the configured size and the optional L2 normalisation,
 * so a backbone ends at its pooled features. Settings under {@code jdml.backbone.<name>}.
 */
@Stable
public interface BackboneFactory extends ComponentFactory<Block> {}
