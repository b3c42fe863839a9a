package org.jdml.runner.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.Random;
import java.util.function.LongConsumer;
import java.util.function.UnaryOperator;
import org.jdml.api.data.DataSplit;
import org.jdml.api.data.Embedder;
import org.jdml.runner.engine.EngineSetup;

/**
 * Embeds items with the model as it is now: in batches, in evaluation mode (batch norm uses its
 * running statistics and does not update them), with no gradient. Each batch's activations live in
 * a manager of their own that closes with the batch.
 */
public final class ModelEmbedder {

    private final UnaryOperator<NDArray> pass;
    private final NDManager root;
    private final int batchSize;

    /**
     * Embeds with any block, as DJL computes (float32).
     *
     * @param root the manager per-batch managers are made under (on the model's device)
     */
    public ModelEmbedder(Block model, ParameterStore store, NDManager root, int batchSize) {
        this(x -> model.forward(store, new NDList(x), false).singletonOrThrow(), root, batchSize);
    }

    /** Embeds with the run's network, computing as {@code computation} says. */
    public ModelEmbedder(EmbeddingNetwork network, ParameterStore store, NDManager root, int batchSize,
            Computation computation) {
        this(x -> network.embed(store, x, false, computation), root, batchSize);
    }

    private ModelEmbedder(UnaryOperator<NDArray> pass, NDManager root, int batchSize) {
        this.pass = pass;
        this.root = root;
        this.batchSize = batchSize;
    }

    /**
     * Items per forward pass. Batches start at multiples of it from the first index given, and the
     * engine's kernels may round differently for another batch composition: embed the same batches to
     * get the same bits.
     */
    public int batchSize() {
        return batchSize;
    }

    /** An {@link Embedder} over {@code split} (the training split, for samplers that mine the whole set). */
    public Embedder over(DataSplit split) {
        return (indices, manager) -> embed(split, indices, manager, done -> {});
    }

    /** Embeds every item of {@code split}, in order. */
    public NDArray embedAll(DataSplit split, NDManager manager, LongConsumer progress) {
        int[] all = new int[split.size()];
        Arrays.setAll(all, i -> i);
        return embed(split, all, manager, progress);
    }

    /**
     * @param progress told the number of items done after each batch
     * @return (indices.length, D) embeddings owned by {@code manager}
     */
    public NDArray embed(DataSplit split, int[] indices, NDManager manager, LongConsumer progress) {
        Shape item = split.itemShape();
        Random noAugmentation = new Random(0);
        try (NDManager parts = root.newSubManager(); var noGraph = EngineSetup.noGradient()) {
            NDList pieces = new NDList();
            for (int start = 0; start < indices.length; start += batchSize) {
                int[] chunk = Arrays.copyOfRange(indices, start, Math.min(indices.length, start + batchSize));
                float[] values = split.read(chunk, false, noAugmentation);
                try (NDManager batch = root.newSubManager()) {
                    NDArray x = batch.create(values, new Shape(chunk.length).addAll(item));
                    NDArray embeddings = pass.apply(x);
                    embeddings.attach(parts);
                    pieces.add(embeddings);
                }
                progress.accept(start + chunk.length);
            }
            if (pieces.isEmpty()) {
                throw new IllegalArgumentException("nothing to embed");
            }
            NDArray result = pieces.size() == 1 ? pieces.get(0) : NDArrays.concat(pieces, 0);
            result.attach(manager);
            return result;
        }
    }
}
