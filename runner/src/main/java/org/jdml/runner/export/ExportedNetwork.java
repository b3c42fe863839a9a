package org.jdml.runner.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.List;
import java.util.Optional;
import org.jdml.api.model.ReferenceLayout;
import org.jdml.runner.model.EmbeddingNetwork;

/**
 * A trained embedding network as tensors by name, ready to write. A backbone with a
 * {@link ReferenceLayout} gives the reference's names (torchvision's for resnet and googlenet,
 * pretrainedmodels' for bninception): each backbone parameter under its reference name, the
 * embedding layer in the place of the dropped classifier ({@code fc.weight}, {@code fc.bias}), and
 * for each batch norm a {@code num_batches_tracked} int64 scalar of 0 (jdml does not count batches;
 * PyTorch reads the counter only when batch norm has no momentum), so that PyTorch's
 * {@code load_state_dict(strict=True)} takes the file. Any other backbone keeps jdml's own parameter
 * names, those of its checkpoints ({@code 01backbone_...}, {@code 02embedding_weight}).
 */
public final class ExportedNetwork {

    private final SafeTensorsWriter tensors;
    private final Optional<ReferenceLayout> layout;
    private final long features;

    private ExportedNetwork(SafeTensorsWriter tensors, Optional<ReferenceLayout> layout, long features) {
        this.tensors = tensors;
        this.layout = layout;
        this.features = features;
    }

    /** The network's parameters (initialised) as tensors. */
    public static ExportedNetwork of(EmbeddingNetwork network) {
        SafeTensorsWriter tensors = new SafeTensorsWriter();
        Parameter weight = network.embedding().getParameters().get("weight");
        long features = weight.getArray().getShape().get(1);
        if (network.backbone() instanceof ReferenceLayout layout) {
            PairList<String, Parameter> parameters = network.backbone().getParameters();
            List<String> names = layout.referenceNames();
            if (names.size() != parameters.size()) {
                throw new IllegalStateException(layout.layoutName() + " names " + names.size()
                        + " parameters, its block has " + parameters.size());
            }
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                add(tensors, name, parameters.get(i).getValue().getArray());
                if (name.endsWith(".running_var")) {
                    // torch's order: running_mean, running_var, num_batches_tracked
                    String layer = name.substring(0, name.length() - ".running_var".length());
                    tensors.addLongs(layer + ".num_batches_tracked", new long[] {0});
                }
            }
            add(tensors, layout.headName() + ".weight", weight.getArray());
            add(tensors, layout.headName() + ".bias", network.embedding().getParameters().get("bias").getArray());
            return new ExportedNetwork(tensors, Optional.of(layout), features);
        }
        for (Pair<String, Parameter> parameter : network.getParameters()) {
            add(tensors, parameter.getKey(), parameter.getValue().getArray());
        }
        return new ExportedNetwork(tensors, Optional.empty(), features);
    }

    private static void add(SafeTensorsWriter tensors, String name, NDArray array) {
        NDArray values = array.getDataType() == DataType.FLOAT32 ? array : array.toType(DataType.FLOAT32, false);
        tensors.addFloats(name, values.toFloatArray(), array.getShape().getShape());
    }

    /** The tensors, to which the caller may add metadata before writing. */
    public SafeTensorsWriter tensors() {
        return tensors;
    }

    /** The backbone's reference layout; empty when the tensors carry jdml's own names. */
    public Optional<ReferenceLayout> layout() {
        return layout;
    }

    /** The width of the backbone's features, the embedding layer's input. */
    public long features() {
        return features;
    }
}
