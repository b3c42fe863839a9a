package org.jdml.backbone;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdml.api.ComponentContext;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.model.BackboneFactory;
import org.jdml.backbone.nn.BatchNorm;
import org.jdml.backbone.weights.Layout;
import org.jdml.backbone.weights.LayoutBlock;
import org.jdml.backbone.weights.TorchvisionNames;

/**
 * {@value #NAME}: a ResNet (He et al., "Deep Residual Learning for Image Recognition", 2016) from
 * random initialisation, ending at global average pooling so that any image size works. Depth 18
 * and 34 use basic blocks (two 3x3 convolutions), 50, 101 and 152 bottleneck blocks (1x1, 3x3, 1x1
 * with four times the width out), parameter for parameter torchvision's layout, so that {@code
 * weights} can name a safetensors file of torchvision's {@code resnet18}..{@code resnet152} weights.
 * Downsampling happens in the first block of stages 2-4 (stride 2 in the 3x3 convolution, a 1x1
 * projection with batch norm on the shortcut). The block made is a {@link LayoutBlock} that names
 * every parameter as torchvision does, with or without {@code weights}. Settings under
 * {@code jdml.backbone.resnet}:
 *
 * <pre>{@code
 * resnet { depth = 18, width = 64, stem = imagenet, weights = "" }
 * }</pre>
 */
public final class ResNetBackboneFactory implements BackboneFactory {

    public static final String NAME = "resnet";

    /** Blocks per stage for each supported depth. */
    static final Map<Integer, int[]> STAGES = Map.of(
            18, new int[] {2, 2, 2, 2},
            34, new int[] {3, 4, 6, 3},
            50, new int[] {3, 4, 6, 3},
            101, new int[] {3, 4, 23, 3},
            152, new int[] {3, 8, 36, 3});

    /** The first layers. */
    public enum Stem {
        /** 7x7 stride-2 convolution, then 3x3 stride-2 max pooling: for large images. */
        IMAGENET,
        /** One 3x3 stride-1 convolution, no pooling: for small images. */
        SMALL
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "ResNet 18/34/50/101/152 from scratch, to global average pooling";
    }

    @Override
    public Block create(ComponentSettings settings, ComponentContext context) {
        int depth = settings.getInt("depth");
        int width = settings.getInt("width");
        Stem stem = settings.getEnum(Stem.class, "stem");
        settings.check(STAGES.containsKey(depth), "depth", "must be one of 18, 34, 50, 101, 152");
        settings.check(width >= 1, "width", "must be >= 1");
        Optional<Path> weights = WeightsSetting.read(settings);
        int known = STAGES.containsKey(depth) ? depth : 18;
        SequentialBlock network = build(known, Math.max(1, width), stem);
        List<String> differences = new ArrayList<>(); // from torchvision's network, for the layout's name
        if (stem != Stem.IMAGENET) {
            differences.add("stem " + stem.name().toLowerCase(Locale.ROOT));
        }
        if (width != 64) {
            differences.add("width " + width);
        }
        Layout layout = TorchvisionNames.resnetLayout(known, STAGES.get(known), String.join(", ", differences));
        if (weights.isPresent()) {
            // torchvision's layouts: the ImageNet stem and 64 channels in the first stage
            settings.check(stem == Stem.IMAGENET, "stem", "must be imagenet with pretrained weights (torchvision's layout)");
            settings.check(width == 64, "width", "must be 64 with pretrained weights (torchvision's layout)");
        }
        return LayoutBlock.of(network, layout, weights);
    }

    /** The network for a supported depth. */
    static SequentialBlock build(int depth, int width, Stem stem) {
        boolean bottleneck = depth >= 50;
        SequentialBlock net = new SequentialBlock();
        if (stem == Stem.IMAGENET) {
            net.add(conv(width, 7, 2)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
                    .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        } else {
            net.add(conv(width, 3, 1)).add(BatchNorm.builder().build()).add(Activation.reluBlock());
        }
        int[] blocks = STAGES.get(depth);
        for (int stage = 0; stage < blocks.length; stage++) {
            int channels = width << stage;
            for (int b = 0; b < blocks[stage]; b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                // the first block of a stage changes the width (and, after stage 1, the size)
                boolean project = b == 0 && (stage > 0 || bottleneck);
                net.add(bottleneck ? bottleneckUnit(channels, stride, project) : basicUnit(channels, stride, project));
            }
        }
        net.add(Pool.globalAvgPool2dBlock());
        return net;
    }

    private static Block basicUnit(int channels, int stride, boolean project) {
        SequentialBlock main = new SequentialBlock()
                .add(conv(channels, 3, stride)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
                .add(conv(channels, 3, 1)).add(BatchNorm.builder().build());
        return residual(main, project ? projection(channels, stride) : Blocks.identityBlock());
    }

    private static Block bottleneckUnit(int channels, int stride, boolean project) {
        SequentialBlock main = new SequentialBlock()
                .add(conv(channels, 1, 1)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
                .add(conv(channels, 3, stride)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
                .add(conv(4 * channels, 1, 1)).add(BatchNorm.builder().build());
        return residual(main, project ? projection(4 * channels, stride) : Blocks.identityBlock());
    }

    /** ReLU(main(x) + shortcut(x)). */
    private static Block residual(Block main, Block shortcut) {
        ParallelBlock sum = new ParallelBlock(
                outputs -> new NDList(outputs.get(0).singletonOrThrow().add(outputs.get(1).singletonOrThrow())),
                List.of(main, shortcut));
        return new SequentialBlock().add(sum).add(Activation.reluBlock());
    }

    private static Block projection(int channels, int stride) {
        return new SequentialBlock().add(conv(channels, 1, stride)).add(BatchNorm.builder().build());
    }

    /** A bias-free convolution (batch norm follows) with "same" padding for odd kernels. */
    private static Block conv(int filters, int kernel, int stride) {
        return Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2)).setFilters(filters).optBias(false).build();
    }
}
