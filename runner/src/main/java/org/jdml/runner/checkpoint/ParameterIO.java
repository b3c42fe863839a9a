package org.jdml.runner.checkpoint;

import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A block's parameters (batch-norm running statistics included) by name. Loading checks every name
 * and shape before changing anything, and reports all mismatches at once naming the parameter and
 * both shapes; values are then copied into the existing arrays, so optimizers and parameter stores
 * that hold them keep working.
 */
public final class ParameterIO {

    private ParameterIO() {}

    /** Writes the initialised parameters of a block, in order. */
    public static void write(DataOutputStream out, Map<String, Parameter> parameters) throws IOException {
        List<Map.Entry<String, Parameter>> initialised =
                parameters.entrySet().stream().filter(e -> e.getValue().isInitialized()).toList();
        out.writeInt(initialised.size());
        for (Map.Entry<String, Parameter> entry : initialised) {
            out.writeUTF(entry.getKey());
            ArrayIO.write(out, entry.getValue().getArray());
        }
    }

    /**
     * Restores parameters written by {@link #write}.
     *
     * @param what how messages name the block, e.g. "the model"
     * @throws CheckpointException if names or shapes differ (nothing is changed then)
     */
    public static void read(DataInputStream in, Map<String, Parameter> parameters, String what) throws IOException {
        int count = in.readInt();
        Map<String, ArrayIO.Stored> stored = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            stored.put(name, ArrayIO.read(in));
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
            if (!entry.getValue().isInitialized()) {
                continue;
            }
            ArrayIO.Stored saved = stored.get(entry.getKey());
            var array = entry.getValue().getArray();
            if (saved == null) {
                problems.add("parameter '" + entry.getKey() + "' " + array.getShape() + " is not in the checkpoint");
            } else if (!saved.shape().equals(array.getShape())) {
                problems.add("parameter '" + entry.getKey() + "' has shape " + saved.shape()
                        + " in the checkpoint but " + array.getShape() + " in " + what);
            } else if (saved.dataType() != array.getDataType()) {
                problems.add("parameter '" + entry.getKey() + "' is " + saved.dataType() + " in the checkpoint but "
                        + array.getDataType() + " in " + what);
            }
        }
        for (String name : stored.keySet()) {
            if (!parameters.containsKey(name)) {
                problems.add("the checkpoint holds parameter '" + name + "' " + stored.get(name).shape()
                        + " that " + what + " does not have");
            }
        }
        if (!problems.isEmpty()) {
            throw new CheckpointException("The checkpoint does not fit " + what + " (was the backbone, "
                    + "jdml.model or the loss changed?):\n  " + String.join("\n  ", problems));
        }
        for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
            if (entry.getValue().isInitialized()) {
                stored.get(entry.getKey()).copyInto(entry.getValue().getArray());
            }
        }
    }
}
