package org.jdml.backbone;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import org.jdml.api.ComponentContext;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.model.BackboneFactory;
import org.jdml.backbone.nn.BatchNorm;

/**
 * {@value #NAME}: the FMNIST-ZS benchmark's network up to global average pooling. For each width a
 * Conv2d(3x3, padding 1)-BatchNorm-ReLU block, with 2x2 max pooling between blocks, then global
 * average pooling to (B, last width). Settings under {@code jdml.backbone.small-conv}:
 *
 * <pre>{@code
 * small-conv { channels = [32, 64, 128] }
 * }</pre>
 */
public final class SmallConvBackboneFactory implements BackboneFactory {

    public static final String NAME = "small-conv";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Conv-BN-ReLU blocks with max pooling between them and global average pooling (FMNIST-ZS network)";
    }

    @Override
    public Block create(ComponentSettings settings, ComponentContext context) {
        List<Integer> channels = settings.getIntList("channels");
        settings.check(!channels.isEmpty(), "channels", "must name at least one block");
        settings.check(channels.stream().allMatch(c -> c >= 1), "channels", "must all be >= 1");
        SequentialBlock net = new SequentialBlock();
        for (int i = 0; i < channels.size(); i++) {
            net.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                    .setFilters(Math.max(1, channels.get(i))).build());
            net.add(BatchNorm.builder().build());
            net.add(Activation.reluBlock());
            if (i < channels.size() - 1) {
                net.add(Pool.maxPool2dBlock(new Shape(2, 2)));
            }
        }
        net.add(Pool.globalAvgPool2dBlock());
        return net;
    }
}
