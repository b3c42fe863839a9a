package org.jdml.backbone.weights;

import java.util.ArrayList;
import java.util.List;

/**
 * The names torchvision gives the parameters and batch-norm statistics of its ResNets, in the order
 * jdml's {@code resnet} block lists its own (the same layers in the same order: stem, then the blocks
 * of each stage, each block's main path before its shortcut). The classifier ({@code fc.*}) and
 * {@code num_batches_tracked} have no counterpart.
 */
public final class TorchvisionNames {

    private TorchvisionNames() {}

    /** @param blocks blocks per stage; @param bottleneck three convolutions per block instead of two */
    public static List<String> resnet(int[] blocks, boolean bottleneck) {
        List<String> names = new ArrayList<>();
        names.add("conv1.weight");
        batchNorm(names, "bn1");
        for (int stage = 0; stage < blocks.length; stage++) {
            for (int b = 0; b < blocks[stage]; b++) {
                String prefix = "layer" + (stage + 1) + "." + b + ".";
                int convolutions = bottleneck ? 3 : 2;
                for (int c = 1; c <= convolutions; c++) {
                    names.add(prefix + "conv" + c + ".weight");
                    batchNorm(names, prefix + "bn" + c);
                }
                if (b == 0 && (stage > 0 || bottleneck)) {
                    names.add(prefix + "downsample.0.weight");
                    batchNorm(names, prefix + "downsample.1");
                }
            }
        }
        return names;
    }

    private static void batchNorm(List<String> names, String layer) {
        names.add(layer + ".weight");
        names.add(layer + ".bias");
        names.add(layer + ".running_mean");
        names.add(layer + ".running_var");
    }

    /**
     * The layout of jdml's {@code resnet} of {@code depth}: torchvision's names, stages stem and
     * layer1..layer4, classifier fc.
     *
     * @param variant what differs from torchvision's network, for the layout's name ("" for nothing)
     */
    public static Layout resnetLayout(int depth, int[] blocks, String variant) {
        return new Layout("torchvision resnet" + depth + (variant.isEmpty() ? "" : " (" + variant + ")"),
                resnet(blocks, depth >= 50), List.of("stem", "layer1", "layer2", "layer3", "layer4"),
                name -> name.startsWith("layer") ? name.substring(0, name.indexOf('.')) : "stem", "fc", List.of());
    }
}
