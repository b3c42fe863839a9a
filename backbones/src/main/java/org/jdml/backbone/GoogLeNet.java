package org.jdml.backbone;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jdml.backbone.nn.Branches;
import org.jdml.backbone.nn.ChannelAffine;
import org.jdml.backbone.weights.Layout;
import org.jdml.backbone.weights.LayoutBlock;
import org.jdml.backbone.weights.NamedLayers;

/**
 * torchvision's GoogLeNet up to global average pooling, with torchvision's names. Each convolution
 * is torchvision's BasicConv2d (convolution without bias, batch norm with epsilon 0.001, ReLU);
 * every max pooling rounds its output size up (ceil_mode), as torchvision's does. An Inception
 * module's third branch is a 1x1 reduction then a 3x3 convolution, where the paper has 5x5:
 * torchvision's weights have 3x3 kernels there.
 */
final class GoogLeNet {

    /** An Inception module's widths: 1x1 branch, 3x3 reduction and 3x3, second reduction and 3x3, pool projection. */
    private record Widths(String name, int b1, int b2Reduce, int b2, int b3Reduce, int b3, int poolProjection) {}

    private static final List<Widths> STAGE3 = List.of(
            new Widths("inception3a", 64, 96, 128, 16, 32, 32),
            new Widths("inception3b", 128, 128, 192, 32, 96, 64));
    private static final List<Widths> STAGE4 = List.of(
            new Widths("inception4a", 192, 96, 208, 16, 48, 64),
            new Widths("inception4b", 160, 112, 224, 24, 64, 64),
            new Widths("inception4c", 128, 128, 256, 24, 64, 64),
            new Widths("inception4d", 112, 144, 288, 32, 64, 64),
            new Widths("inception4e", 256, 160, 320, 32, 128, 128));
    private static final List<Widths> STAGE5 = List.of(
            new Widths("inception5a", 256, 160, 320, 32, 128, 128),
            new Widths("inception5b", 384, 192, 384, 48, 128, 128));

    /** ImageNet's mean and standard deviation, the normalisation torchvision's transform_input undoes. */
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    /** Features of each image. */
    static final int FEATURES = 1024;

    private final NamedLayers layers = new NamedLayers();

    private GoogLeNet() {}

    /**
     * The network, named as torchvision names it, to start from {@code weights} if given;
     * {@code transformInput} re-normalises the input first, as torchvision's option does (a first
     * child without parameters: the reference names stay, DJL's numbering of the children moves by one).
     */
    static LayoutBlock build(boolean transformInput, Optional<Path> weights) {
        GoogLeNet g = new GoogLeNet();
        SequentialBlock net = new SequentialBlock();
        if (transformInput) {
            net.add(inputTransform());
        }
        net.add(g.basic("conv1", 64, 7, 2, 3)).add(maxPool(3, 2, 0))
                .add(g.basic("conv2", 64, 1, 1, 0)).add(g.basic("conv3", 192, 3, 1, 1)).add(maxPool(3, 2, 0));
        STAGE3.forEach(w -> net.add(g.inception(w)));
        net.add(maxPool(3, 2, 0));
        STAGE4.forEach(w -> net.add(g.inception(w)));
        net.add(maxPool(2, 2, 0));
        STAGE5.forEach(w -> net.add(g.inception(w)));
        net.add(Pool.globalAvgPool2dBlock());
        Layout layout = new Layout("torchvision googlenet", g.layers.names(),
                List.of("stem", "inception3", "inception4", "inception5"),
                name -> name.startsWith("inception") ? name.substring(0, "inception".length() + 1) : "stem",
                "fc", List.of("aux1", "aux2"));
        return LayoutBlock.of(net, layout, weights);
    }

    /** x * std / 0.5 + (mean - 0.5) / 0.5 per channel: undoes ImageNet's normalisation into (x - 0.5) / 0.5. */
    private static Block inputTransform() {
        float[] scale = new float[3];
        float[] shift = new float[3];
        for (int c = 0; c < 3; c++) {
            scale[c] = STD[c] / 0.5f;
            shift[c] = (MEAN[c] - 0.5f) / 0.5f;
        }
        return new ChannelAffine(scale, shift);
    }

    private Block inception(Widths w) {
        String n = w.name();
        // made in branch order, so that the names follow the parameters
        Block first = basic(n + ".branch1", w.b1(), 1, 1, 0);
        Block second = new SequentialBlock().add(basic(n + ".branch2.0", w.b2Reduce(), 1, 1, 0))
                .add(basic(n + ".branch2.1", w.b2(), 3, 1, 1));
        Block third = new SequentialBlock().add(basic(n + ".branch3.0", w.b3Reduce(), 1, 1, 0))
                .add(basic(n + ".branch3.1", w.b3(), 3, 1, 1));
        Block pooled = new SequentialBlock().add(maxPool(3, 1, 1)).add(basic(n + ".branch4.1", w.poolProjection(), 1, 1, 0));
        return Branches.concatenated(List.of(first, second, third, pooled));
    }

    /** torchvision's BasicConv2d named {@code module}: convolution without bias, batch norm (eps 0.001), ReLU. */
    private Block basic(String module, int filters, int kernel, int stride, int padding) {
        return new SequentialBlock().add(layers.conv(module + ".conv", filters, kernel, stride, padding, false))
                .add(layers.batchNorm(module + ".bn", 0.001f)).add(Activation.reluBlock());
    }

    private static Block maxPool(int kernel, int stride, int padding) {
        return Pool.maxPool2dBlock(new Shape(kernel, kernel), new Shape(stride, stride), new Shape(padding, padding), true);
    }
}
