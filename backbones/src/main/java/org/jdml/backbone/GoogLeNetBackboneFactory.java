package org.jdml.backbone;

import ai.djl.nn.Block;
import org.jdml.api.ComponentContext;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.model.BackboneFactory;

/**
 * {@value #NAME}: GoogLeNet (Szegedy et al., "Going Deeper with Convolutions", 2015) as torchvision
 * builds it, parameter for parameter and with torchvision's names, ending at global average pooling
 * in 1024 features (no dropout, classifier or auxiliary heads). Convolutions carry batch norm
 * (epsilon 0.001) and no bias, and the Inception modules' "5x5" branch is 3x3, as in torchvision, so
 * that {@code weights} can name torchvision's {@code googlenet-1378be20.pth} converted to
 * safetensors. Input (3, H, W) with H and W of 15 px or more. Settings under
 * {@code jdml.backbone.googlenet}:
 *
 * <pre>{@code
 * googlenet { transform-input = false, weights = "" }
 * }</pre>
 *
 * <p>{@code transform-input = true} is torchvision's {@code transform_input}: it maps input
 * normalised with ImageNet's mean and standard deviation to the (x - 0.5) / 0.5 scaling that
 * torchvision's GoogLeNet weights (ported from the original) were trained with. torchvision switches
 * it on when it loads those weights; so should a run that starts from them.
 */
public final class GoogLeNetBackboneFactory implements BackboneFactory {

    public static final String NAME = "googlenet";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "torchvision's GoogLeNet (Inception v1, batch norm) to global average pooling, 1024 features";
    }

    @Override
    public Block create(ComponentSettings settings, ComponentContext context) {
        boolean transformInput = settings.getBoolean("transform-input");
        return GoogLeNet.build(transformInput, WeightsSetting.read(settings));
    }
}
