package org.jdml.backbone.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jdml.api.data.DataException;
import org.jdml.api.model.PretrainedWeights;

/**
 * A backbone whose weights come from a safetensors file, by name: the {@code i}-th parameter of the
 * network takes the tensor {@code names.get(i)}. The whole file is checked against the network
 * (every name present, every shape equal, no tensor left over but the ignorable ones) before any
 * value is copied.
 */
public final class PretrainedBlock extends AbstractBlock implements PretrainedWeights {

    private static final byte VERSION = 1;

    private final Block network;
    private final Path file;
    private final List<String> names;

    public PretrainedBlock(Block network, Path file, List<String> names) {
        super(VERSION);
        this.network = addChildBlock("network", network);
        this.file = file;
        this.names = List.copyOf(names);
    }

    @Override
    public String loadPretrained() {
        List<Parameter> parameters = new ArrayList<>(network.getParameters().values());
        if (parameters.size() != names.size()) {
            throw new IllegalStateException("the network has " + parameters.size() + " parameters, its names list "
                    + names.size());
        }
        Map<String, SafeTensors.Tensor> tensors = SafeTensors.read(file);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            SafeTensors.Tensor tensor = tensors.get(names.get(i));
            Shape expected = parameters.get(i).getArray().getShape();
            if (tensor == null) {
                problems.add("tensor '" + names.get(i) + "' is missing (the network needs shape " + expected + ")");
            } else if (!Arrays.equals(tensor.shape(), expected.getShape())) {
                problems.add("tensor '" + names.get(i) + "' has shape " + new Shape(tensor.shape()) + ", the network needs "
                        + expected);
            }
        }
        TreeSet<String> extra = new TreeSet<>(tensors.keySet());
        names.forEach(extra::remove);
        extra.removeIf(TorchvisionNames::ignorable);
        if (!extra.isEmpty()) {
            problems.add("tensors the network has no place for: " + extra);
        }
        if (!problems.isEmpty()) {
            throw new DataException(file + " does not fit the backbone: " + String.join("; ", problems));
        }
        for (int i = 0; i < names.size(); i++) {
            NDArray target = parameters.get(i).getArray();
            float[] values = tensors.get(names.get(i)).floats(names.get(i), file);
            try (NDArray source = target.getManager().create(values, target.getShape())
                    .toType(target.getDataType(), false)) {
                target.set(new NDIndex(":"), source);
            }
        }
        int ignored = tensors.size() - names.size();
        return "Loaded " + names.size() + " pretrained tensors from " + file + (ignored > 0 ? " (" + ignored
                + " without a place here left out: the classifier and batch counters)" : "")
                + "; the embedding layer starts fresh";
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return network.forward(store, inputs, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return network.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        network.initialize(manager, dataType, inputShapes);
    }
}
