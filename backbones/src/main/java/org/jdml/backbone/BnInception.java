package org.jdml.backbone;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdml.backbone.nn.Branches;
import org.jdml.backbone.nn.InputGuard;
import org.jdml.backbone.weights.Layout;
import org.jdml.backbone.weights.LayoutBlock;
import org.jdml.backbone.weights.NamedLayers;

/**
 * BN-Inception (Ioffe and Szegedy, "Batch Normalization", 2015) up to global average pooling, laid
 * out and named as the {@code bn_inception-52deb4733.pth} weights of Cadene's pretrainedmodels: flat
 * module names ({@code inception_3a_1x1}, {@code inception_3a_1x1_bn}), convolutions with bias, batch
 * norm with epsilon 1e-5, poolings that round their output size up. A module has a 1x1 branch, a 3x3
 * branch, a double-3x3 branch and a pooling branch with a 1x1 projection; the pooling averages with
 * the padding counted, except in 5b, which takes the maximum. 3c and 4e halve the size: no 1x1
 * branch, stride 2 in the last convolution of the two 3x3 branches, and a bare stride-2 max pooling.
 */
final class BnInception {

    /**
     * A module's widths (0 where a branch is absent); {@code reducing} marks 3c and 4e,
     * {@code maxPooled} the pooling branch that takes the maximum (5b).
     */
    private record Widths(String name, int b1, int b2Reduce, int b2, int b3Reduce, int b3, int poolProjection,
            boolean reducing, boolean maxPooled) {

        static Widths plain(String name, int b1, int b2Reduce, int b2, int b3Reduce, int b3, int poolProjection) {
            return new Widths(name, b1, b2Reduce, b2, b3Reduce, b3, poolProjection, false, false);
        }

        static Widths reducing(String name, int b2Reduce, int b2, int b3Reduce, int b3) {
            return new Widths(name, 0, b2Reduce, b2, b3Reduce, b3, 0, true, true);
        }
    }

    private static final List<Widths> MODULES = List.of(
            Widths.plain("3a", 64, 64, 64, 64, 96, 32),
            Widths.plain("3b", 64, 64, 96, 64, 96, 64),
            Widths.reducing("3c", 128, 160, 64, 96),
            Widths.plain("4a", 224, 64, 96, 96, 128, 128),
            Widths.plain("4b", 192, 96, 128, 96, 128, 128),
            Widths.plain("4c", 160, 128, 160, 128, 160, 128),
            Widths.plain("4d", 96, 128, 192, 160, 192, 128),
            Widths.reducing("4e", 128, 192, 192, 256),
            Widths.plain("5a", 352, 192, 320, 160, 224, 128),
            new Widths("5b", 352, 192, 320, 192, 224, 128, false, true));

    /** Features of each image. */
    static final int FEATURES = 1024;

    private static final float EPSILON = 1e-5f;

    private final NamedLayers layers = new NamedLayers();

    private BnInception() {}

    /** The network, named as the reference names it, to start from {@code weights} if given. */
    static LayoutBlock build(Optional<Path> weights) {
        BnInception b = new BnInception();
        SequentialBlock net = new SequentialBlock().add(new InputGuard(BnInception::sizeProblem))
                .add(b.unit("conv1_7x7_s2", 64, 7, 2, 3)).add(maxPool(3, 2, 0))
                .add(b.unit("conv2_3x3_reduce", 64, 1, 1, 0)).add(b.unit("conv2_3x3", 192, 3, 1, 1))
                .add(maxPool(3, 2, 0));
        MODULES.forEach(w -> net.add(b.module(w)));
        net.add(Pool.globalAvgPool2dBlock());
        Layout layout = new Layout("pretrainedmodels bninception", b.layers.names(),
                List.of("stem", "inception3", "inception4", "inception5"),
                name -> name.startsWith("inception_") ? "inception" + name.charAt("inception_".length()) : "stem",
                "last_linear", List.of());
        return LayoutBlock.of(net, layout, weights);
    }

    private Block module(Widths w) {
        String n = "inception_" + w.name() + "_";
        int stride = w.reducing() ? 2 : 1;
        // made in branch order, so that the names follow the parameters
        List<Block> branches = new ArrayList<>();
        if (w.b1() > 0) {
            branches.add(unit(n + "1x1", w.b1(), 1, 1, 0));
        }
        branches.add(new SequentialBlock().add(unit(n + "3x3_reduce", w.b2Reduce(), 1, 1, 0))
                .add(unit(n + "3x3", w.b2(), 3, stride, 1)));
        branches.add(new SequentialBlock().add(unit(n + "double_3x3_reduce", w.b3Reduce(), 1, 1, 0))
                .add(unit(n + "double_3x3_1", w.b3(), 3, 1, 1)).add(unit(n + "double_3x3_2", w.b3(), 3, stride, 1)));
        if (w.reducing()) {
            branches.add(maxPool(3, 2, 0));
        } else {
            // the average counts the padding, as in the reference (and DJL's PyTorch engine always does)
            Block pool = w.maxPooled() ? maxPool(3, 1, 1)
                    : Pool.avgPool2dBlock(new Shape(3, 3), new Shape(1, 1), new Shape(1, 1), true, true);
            branches.add(new SequentialBlock().add(pool).add(unit(n + "pool_proj", w.poolProjection(), 1, 1, 0)));
        }
        return Branches.concatenated(branches);
    }

    /** Convolution {@code conv} with bias, its batch norm {@code conv_bn}, ReLU. */
    private Block unit(String conv, int filters, int kernel, int stride, int padding) {
        return new SequentialBlock().add(layers.conv(conv, filters, kernel, stride, padding, true))
                .add(layers.batchNorm(conv + "_bn", EPSILON)).add(Activation.reluBlock());
    }

    /**
     * Why images of {@code shape} (B, C, H, W) cannot pass, if they cannot: at 3c and 4e the
     * stride-2 convolutions and the max pooling must give the same size, which holds when the side
     * is even there (224 and every multiple of 32 are fine, 40 and 48 are not).
     */
    static Optional<String> sizeProblem(Shape shape) {
        if (shape.dimension() != 4) {
            return Optional.of("bninception takes images (B, C, H, W), not " + shape);
        }
        for (long side : new long[] {shape.get(2), shape.get(3)}) {
            long size = pooled(pooled(convolved(side, 7, 2, 3), 3, 2, 0), 3, 2, 0);
            for (String module : new String[] {"inception_3c", "inception_4e"}) {
                long byConvolution = convolved(size, 3, 2, 1);
                long byPooling = pooled(size, 3, 2, 0);
                if (size < 1 || byConvolution != byPooling || byPooling < 1) {
                    return Optional.of("bninception cannot take images of " + shape.get(2) + " x " + shape.get(3)
                            + " px: a side of " + side + " px is " + size + " px at " + module + ", whose stride-2"
                            + " convolutions make it " + byConvolution + " and its max pooling " + byPooling
                            + "; sides that are multiples of 32, such as 224, fit");
                }
                size = byConvolution;
            }
        }
        return Optional.empty();
    }

    private static long convolved(long size, int kernel, int stride, int padding) {
        return Math.floorDiv(size + 2L * padding - kernel, stride) + 1;
    }

    /** PyTorch's output size with ceil_mode: rounded up, but no window may start in the right padding. */
    private static long pooled(long size, int kernel, int stride, int padding) {
        long out = Math.floorDiv(size + 2L * padding - kernel + stride - 1, stride) + 1;
        return (out - 1) * stride >= size + padding ? out - 1 : out;
    }

    private static Block maxPool(int kernel, int stride, int padding) {
        return Pool.maxPool2dBlock(new Shape(kernel, kernel), new Shape(stride, stride), new Shape(padding, padding), true);
    }
}
