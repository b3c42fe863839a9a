package org.jdml.backbone;

import ai.djl.nn.Block;
import org.jdml.api.ComponentContext;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.model.BackboneFactory;

/**
 * {@value #NAME}: BN-Inception (Ioffe and Szegedy 2015) in the layout and with the names of the
 * {@code bn_inception-52deb4733.pth} weights of Cadene's pretrainedmodels, ending at global average
 * pooling in 1024 features (the same as that model's 7x7 average pooling at 224 x 224) without its
 * classifier {@code last_linear}. Input (3, H, W); H and W must halve evenly down to the last
 * stage, as they do for 224 (see docs/backbones.md). Settings under {@code jdml.backbone.bninception}:
 *
 * <pre>{@code
 * bninception { weights = "" }
 * }</pre>
 *
 * <p>The pretrained weights expect what Caffe fed them: BGR channels in 0..255 minus the mean
 * (104, 117, 128), not divided by a standard deviation.
 */
public final class BnInceptionBackboneFactory implements BackboneFactory {

    public static final String NAME = "bninception";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "BN-Inception in pretrainedmodels' layout to global average pooling, 1024 features";
    }

    @Override
    public Block create(ComponentSettings settings, ComponentContext context) {
        return BnInception.build(WeightsSetting.read(settings));
    }
}
