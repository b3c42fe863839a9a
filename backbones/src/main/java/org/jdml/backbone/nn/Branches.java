package org.jdml.backbone.nn;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import java.util.List;

/** Parallel branches over the same input whose outputs are joined along the channels (an Inception module). */
public final class Branches {

    private Branches() {}

    /** The branches, in the order their channels appear in the output. */
    public static Block concatenated(List<Block> branches) {
        return new ParallelBlock(outputs -> {
            NDList joined = new NDList(outputs.size());
            outputs.forEach(output -> joined.add(output.singletonOrThrow()));
            return new NDList(NDArrays.concat(joined, 1));
        }, branches);
    }
}
