package org.jdml.runner.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.jdml.api.engine.EngineAdapter;
import org.jdml.runner.engine.EngineSetup;

/**
 * The trained network: a backbone, the embedding layer ({@code Linear(embedding-size)}) and an
 * optional L2 normalisation. Features wider than (B, F) are flattened first. Parameter names start
 * with {@code 01backbone_} and {@code 02embedding_} (DJL numbers the children).
 */
public final class EmbeddingNetwork extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block backbone;
    private final Block embedding;
    private final int embeddingSize;
    private final boolean normalize;

    public EmbeddingNetwork(Block backbone, int embeddingSize, boolean normalize) {
        super(VERSION);
        this.backbone = addChildBlock("backbone", backbone);
        this.embedding = addChildBlock("embedding", Linear.builder().setUnits(embeddingSize).build());
        this.embeddingSize = embeddingSize;
        this.normalize = normalize;
    }

    /**
     * Initialises the network for batches of items of {@code itemShape}. A backbone that cannot take
     * such items (an image network on vectors, say) is a configuration problem naming both, not the
     * engine's layout error.
     *
     * @param backboneName the configured backbone, for the message
     */
    public void initializeFor(ai.djl.ndarray.NDManager manager, int batchSize, Shape itemShape, String backboneName,
            String datasetName) {
        try {
            initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(batchSize).addAll(itemShape));
        } catch (UnsupportedOperationException | IllegalArgumentException | IllegalStateException e) {
            String kind = itemShape.dimension() == 1 ? "vectors of " + itemShape.get(0)
                    : itemShape.dimension() == 3 ? "images of " + itemShape.get(0) + " x " + itemShape.get(1) + " x "
                    + itemShape.get(2) + " (channels x height x width)" : "items of shape " + itemShape;
            throw new org.jdml.api.config.JdmlConfigurationException("The backbone '" + backboneName
                    + "' (jdml.backbone.name) cannot take the items of the dataset '" + datasetName + "', which are "
                    + kind + ": " + e.getMessage() + ". Choose a backbone for such items (mlp for vectors; small-conv,"
                    + " resnet or torchscript for images).");
        }
    }

    public Block backbone() {
        return backbone;
    }

    public int embeddingSize() {
        return embeddingSize;
    }

    /** The embedding layer, {@code Linear(embedding-size)}: its weight is (embedding-size, features). */
    public Block embedding() {
        return embedding;
    }

    /** Whether the embeddings are L2-normalised. */
    public boolean normalizes() {
        return normalize;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(pass(store, inputs.singletonOrThrow(), training, params, Computation.PLAIN));
    }

    /**
     * The float32 embeddings of {@code items}, computed as {@code computation} says: the items, and
     * through a {@link ComputingStore} the parameters, are converted on the way in, the embeddings
     * back to float32 before the L2 normalisation (which, like the loss, runs in float32).
     */
    public NDArray embed(ParameterStore store, NDArray items, boolean training, Computation computation) {
        return pass(store, items, training, null, computation);
    }

    private NDArray pass(ParameterStore store, NDArray items, boolean training, PairList<String, Object> params,
            Computation computation) {
        NDArray x = items;
        ParameterStore parameters = store;
        EngineAdapter engine = null;
        if (!computation.isPlain()) {
            engine = EngineSetup.adapter();
            if (computation.precision().isLow()) {
                x = engine.convert(x, computation.precision().dataType());
            }
            if (computation.channelsLast() && x.getShape().dimension() == 4) {
                x = engine.toChannelsLast(x);
            }
            parameters = new ComputingStore(store, computation, items.getManager());
        }
        NDArray features = backbone.forward(parameters, new NDList(x), training, params).singletonOrThrow();
        if (features.getShape().dimension() > 2) {
            features = features.reshape(features.getShape().get(0), -1);
        }
        NDArray embeddings = embedding.forward(parameters, new NDList(features), training).singletonOrThrow();
        if (computation.precision().isLow()) {
            embeddings = engine.convert(embeddings, DataType.FLOAT32);
        }
        return normalize ? embeddings.normalize(2, 1, 1e-12) : embeddings;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), embeddingSize)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes);
        embedding.initialize(manager, dataType, flat(backbone.getOutputShapes(inputShapes)[0]));
    }

    private static Shape flat(Shape features) {
        return features.dimension() > 2 ? new Shape(features.get(0), features.size() / features.get(0)) : features;
    }
}
