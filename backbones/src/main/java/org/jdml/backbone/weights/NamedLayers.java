package org.jdml.backbone.weights;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import java.util.ArrayList;
import java.util.List;
import org.jdml.backbone.nn.BatchNorm;

/**
 * Makes the layers of a network that follows a reference layout and writes down, as it makes each,
 * the names the reference gives its parameters. Layers must be added to the network in the order
 * they are made here, so that the names come out in the network's parameter order; the
 * {@link LayoutBlock} checks the count and the kind of each name.
 */
public final class NamedLayers {

    private final List<String> names = new ArrayList<>();

    /** A square convolution named {@code module} ("inception3a.branch2.0.conv"). */
    public Block conv(String module, int filters, int kernel, int stride, int padding, boolean bias) {
        names.add(module + ".weight");
        if (bias) {
            names.add(module + ".bias");
        }
        return Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding)).setFilters(filters).optBias(bias).build();
    }

    /** A batch norm named {@code module}: weight, bias, running_mean, running_var. */
    public Block batchNorm(String module, float epsilon) {
        for (String suffix : new String[] {".weight", ".bias", ".running_mean", ".running_var"}) {
            names.add(module + suffix);
        }
        return BatchNorm.builder().optEpsilon(epsilon).build();
    }

    /** The names so far, in the order the layers were made. */
    public List<String> names() {
        return List.copyOf(names);
    }
}
