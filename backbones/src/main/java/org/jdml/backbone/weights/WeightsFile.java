package org.jdml.backbone.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jdml.api.data.DataException;

/**
 * Copies a safetensors file into a network's parameters by the layout's names: the {@code i}-th
 * parameter takes the tensor {@code referenceNames().get(i)}. The whole file is checked first (every
 * name present, every shape equal, no tensor left over but the ignorable ones), so a misfit copies
 * nothing.
 */
final class WeightsFile {

    private WeightsFile() {}

    /**
     * @param parameters the initialised parameters, in the layout's order
     * @return a line for the run's log
     * @throws DataException naming the file and every misfit
     */
    static String load(Path file, Layout layout, List<Parameter> parameters) {
        List<String> names = layout.referenceNames();
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
        extra.removeIf(layout::ignorable);
        if (!extra.isEmpty()) {
            problems.add("tensors the network has no place for: " + extra);
        }
        if (!problems.isEmpty()) {
            throw new DataException(file + " does not fit the backbone (" + layout.layoutName() + "): "
                    + String.join("; ", problems));
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
        return "Loaded " + names.size() + " pretrained tensors (" + layout.layoutName() + ") from " + file
                + (ignored > 0 ? " (" + ignored + " without a place here left out: " + layout.leftOut() + ")" : "")
                + "; the embedding layer starts fresh";
    }
}
