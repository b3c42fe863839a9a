package org.jdml.runner.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SymbolBlock;
import ai.djl.training.ParameterStore;
import org.jdml.api.data.DataSplit;
import org.jdml.api.data.Embedder;
import org.jdml.api.model.PretrainedWeights;
import org.jdml.runner.engine.EngineSetup;

/**
 * A run's embedding network, initialised, with the parameter store its forward passes read: what
 * training updates, and what samplers, evaluation and {@code jdml embed} embed with. The assembler
 * builds it right after the backbone, so that the components that embed the training set get a
 * working {@link Embedder} when they are created.
 */
public final class EmbeddingModel {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EmbeddingModel.class);

    /** How the network's parameters start. */
    public enum Start {
        /** seeded initialisation, then the backbone's pretrained weights when it has some */
        FRESH,
        /** the caller reads the parameters from a checkpoint next: no initialiser runs, no weights file is read */
        RESTORED
    }

    /**
     * What a model is built from besides its backbone.
     *
     * @param batchSize the batch the network is initialised for (training's)
     * @param embedBatchSize items per forward pass when embedding
     * @param seed the run's seed: the engine is seeded from it before the initialisation
     */
    public record Recipe(ModelSettings settings, int batchSize, int embedBatchSize, long seed, Start start,
            Computations computations) {

        /** A recipe for a network that computes in float32, contiguous. */
        public Recipe(ModelSettings settings, int batchSize, int embedBatchSize, long seed, Start start) {
            this(settings, batchSize, embedBatchSize, seed, start, Computations.PLAIN);
        }

        /**
         * @param backboneName and {@code datasetName} name the two in the error when the backbone
         *     cannot take the dataset's items
         * @throws org.jdml.api.config.JdmlConfigurationException when it cannot
         */
        public EmbeddingModel build(Block backbone, Shape itemShape, String backboneName, String datasetName,
                NDManager manager) {
            Engine.getInstance().setRandomSeed(EngineSetup.engineSeed(seed, -1));
            EmbeddingNetwork network = new EmbeddingNetwork(backbone, settings.embeddingSize(), settings.normalize());
            network.initializeFor(manager, batchSize, itemShape, backboneName, datasetName);
            // frozen or not is no part of the saved values: a restored network is frozen again here
            settings.fineTuning().apply(network, backboneName).ifPresent(LOG::info);
            if (start == Start.FRESH) {
                settings.weightInit().apply(network, manager);
                if (backbone instanceof PretrainedWeights pretrained) {
                    LOG.info(pretrained.loadPretrained()); // after the initialisation, which it overrides
                }
            }
            if (!computations.isPlain()) {
                refuseEngineModules(network, backboneName);
            }
            ParameterStore store = new ParameterStore(manager, false);
            return new EmbeddingModel(network, store, computations.training(),
                    new ModelEmbedder(network, store, manager, embedBatchSize, computations.embedding()));
        }

        /**
         * A module of the engine's own (a TorchScript backbone) computes with its own float32 weights,
         * which no store converts: low precision and channels-last cannot reach it.
         */
        private void refuseEngineModules(Block block, String backboneName) {
            if (block instanceof SymbolBlock) {
                throw new org.jdml.api.config.JdmlConfigurationException("jdml.train.precision = "
                        + computations.training().precision().label() + ", jdml.train.embed-precision = "
                        + computations.embedding().precision().label() + " and jdml.train.memory-format apply to"
                        + " networks built of jdml's and DJL's blocks, not to the backbone '" + backboneName
                        + "', an engine module that computes with its own float32 weights; set them to fp32 and"
                        + " contiguous for it (docs/precision.md)");
            }
            for (Block child : block.getChildren().values()) {
                refuseEngineModules(child, backboneName);
            }
        }
    }

    private final EmbeddingNetwork network;
    private final ParameterStore store;
    private final Computation training;
    private final ModelEmbedder embedder;

    private EmbeddingModel(EmbeddingNetwork network, ParameterStore store, Computation training,
            ModelEmbedder embedder) {
        this.network = network;
        this.store = store;
        this.training = training;
        this.embedder = embedder;
    }

    /** How the training passes compute. */
    public Computation trainingComputation() {
        return training;
    }

    public EmbeddingNetwork network() {
        return network;
    }

    /** The store every forward pass of this model goes through (training's and embedding's). */
    public ParameterStore store() {
        return store;
    }

    public ModelEmbedder embedder() {
        return embedder;
    }

    /** An {@link Embedder} over {@code split}, for the components that embed the training set. */
    public Embedder embedderOver(DataSplit split) {
        return embedder.over(split);
    }
}
