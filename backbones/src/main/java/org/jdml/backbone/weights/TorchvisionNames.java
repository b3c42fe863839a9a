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

    /** Tensors a torchvision file may hold that jdml's backbone has no place for. */
    public static boolean ignorable(String name) {
        return name.startsWith("fc.") || name.endsWith(".num_batches_tracked");
    }
}
