package org.jdml.runner.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdml.api.control.AdaptiveController;
import org.jdml.api.control.Knob;
import org.jdml.api.control.TrainingSignal;
import org.jdml.api.data.BatchSampler;
import org.jdml.api.data.DataSplit;
import org.jdml.api.data.TrainingEmbeddingObserver;
import org.jdml.api.data.TripletBatchSampler;
import org.jdml.api.engine.EngineAdapter;
import org.jdml.api.loss.LossOutput;
import org.jdml.api.loss.MetricLoss;
import org.jdml.api.mining.Miner;
import org.jdml.api.mining.Tuples;
import org.jdml.runner.assembly.RunComponents;
import org.jdml.runner.checkpoint.CheckpointStore;
import org.jdml.runner.checkpoint.ParameterIO;
import org.jdml.runner.engine.EngineSetup;
import org.jdml.runner.model.EmbeddingModel;
import org.jdml.runner.model.EmbeddingNetwork;
import org.jdml.runner.model.FineTuning;
import org.jdml.runner.model.ModelEmbedder;

/**
 * One training step after another: batch, forward, mining, loss, backward, optimizer, controller.
 *
 * <p>Memory stays flat because every array an iteration makes lives in a sub-manager that closes
 * when the iteration ends; gradients are read through handles owned by that manager and zeroed
 * after the update (PyTorch accumulates them otherwise). Parameters, optimizer state and loss
 * parameters live in the run's manager. With several devices the batch is embedded data-parallel
 * ({@link DataParallel}); mining, the loss and the update stay on the main device.
 *
 * <p>The loop is deterministic on the CPU: the model is initialised after seeding the engine, the
 * engine is re-seeded from (seed, iteration) before each step, and the sampler and augmentation use
 * seeded Java random sources. {@link #save} and {@link #load} carry everything that a continued run
 * needs to repeat an uninterrupted one.
 */
public final class TrainingLoop implements AutoCloseable {

    private final TrainSettings settings;
    private final NDManager manager;
    private final DataSplit training;
    private final BatchSampler sampler;
    private final Optional<Miner> miner;
    private final MetricLoss loss;
    private final Optional<AdaptiveController> controller;
    private final EmbeddingNetwork network;
    private final Optional<Block> lossBlock;
    private final ParameterStore store;
    private final DataParallel parallel;
    private final ParameterOptimizer optimizer;
    private final LearningRateSchedule schedule;
    private final BatchPipeline pipeline;
    private final ModelEmbedder embedder;
    private final List<Knob> knobs;
    private final Shape itemShape;
    private final int iterationsPerEpoch;
    private final long totalIterations;
    private final long seed;
    private long iteration;
    private long skipped;
    private final LossLevel lossLevel = new LossLevel();
    /** Present when the loss is scaled (fp16): see {@link LossScaler}. */
    private final Optional<LossScaler> scaler;

    /**
     * Trains the model the assembler built (initialised and seeded there) and initialises the loss's
     * parameters.
     *
     * @param manager the run's manager on the training device; owns parameters and optimizer state
     */
    public TrainingLoop(RunComponents components, TrainSettings settings, NDManager manager) {
        this.settings = settings;
        this.manager = manager;
        this.training = components.dataset().training();
        this.sampler = components.sampler();
        this.miner = components.miner();
        this.loss = components.loss();
        this.controller = components.controller();
        this.seed = settings.run().seed();
        this.itemShape = training.itemShape();
        int batch = settings.loop().batchSize();

        EmbeddingModel model = components.model();
        this.network = model.network();
        this.lossBlock = loss.parameterBlock();
        loss.initializeParameters(manager, settings.model().embeddingSize());
        this.store = model.store();
        this.parallel = new DataParallel(network, store, manager, settings.run().devices(),
                model.trainingComputation());
        this.scaler = settings.compute().lossScale().map(LossScaler::of);

        List<TrainableParameter> trainable = new ArrayList<>();
        var groups = settings.model().fineTuning().groups(network);
        addTrainable(trainable, "model/", network, p -> groups.apply(p));
        float lossRate = loss.learningRateMultiplier();
        lossBlock.ifPresent(b -> addTrainable(trainable, "loss/", b, p -> new FineTuning.Group(lossRate, 1f)));
        this.optimizer = ParameterOptimizer.of(settings.optimizer(), trainable, manager);

        this.iterationsPerEpoch = settings.loop().iterationsPerEpoch(training.size());
        this.totalIterations = (long) iterationsPerEpoch * settings.loop().epochs();
        this.schedule = new LearningRateSchedule(settings.schedule(), settings.optimizer().learningRate(),
                iterationsPerEpoch, totalIterations);
        this.pipeline = new BatchPipeline(sampler, training, batch, settings.loop().prefetch(),
                settings.loop().augment(), seed, 0, totalIterations, iterationsPerEpoch);
        this.embedder = model.embedder();
        List<Knob> all = new ArrayList<>(sampler.knobs());
        miner.ifPresent(m -> all.addAll(m.knobs()));
        this.knobs = List.copyOf(all);
    }

    /** The parameters of {@code block} that learn (frozen ones do not), with their group's multipliers. */
    private static void addTrainable(List<TrainableParameter> into, String prefix, Block block,
            java.util.function.Function<Parameter, FineTuning.Group> groupOf) {
        for (var entry : block.getParameters().toMap().entrySet()) {
            Parameter p = entry.getValue();
            if (p.requiresGradient() && p.isInitialized()) {
                FineTuning.Group group = groupOf.apply(p);
                into.add(new TrainableParameter(prefix + entry.getKey(), p, group.learningRate(), group.weightDecay()));
            }
        }
    }

    /**
     * Runs one iteration.
     *
     * @throws NonFiniteException when the loss or a gradient is not finite and the run should stop
     */
    public StepResult step() {
        long it = iteration;
        Engine.getInstance().setRandomSeed(EngineSetup.engineSeed(seed, it));
        BatchPipeline.Batch batch = pipeline.next(it);
        double lossValue;
        double active;
        double norm;
        boolean skip = false;
        boolean overflow = false;
        float scale = scaler.map(LossScaler::scale).orElse(1f);
        double lr = schedule.at(it);
        try (NDManager scratch = manager.newSubManager()) {
            NDArray items = scratch.create(batch.items(), new Shape(batch.indices().length).addAll(itemShape),
                    DataType.FLOAT32);
            NDArray labels = scratch.create(batch.labels());
            // the keep-alive must outlive the collector: the graph's scalars live until backward has run
            try (EngineAdapter.Scope keepAlive = EngineSetup.keepGraphAlive();
                    GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray embeddings = parallel.forward(items);
                if (sampler instanceof TrainingEmbeddingObserver observer) {
                    int dim = (int) embeddings.getShape().get(1);
                    observer.observe(batch.indices(), embeddings.stopGradient().toFloatArray(), dim);
                }
                Tuples tuples = sampler instanceof TripletBatchSampler
                        ? TripletBatchSampler.triplets(scratch, batch.indices().length)
                        : miner.map(m -> m.mine(embeddings.stopGradient(), labels)).orElse(Tuples.all());
                LossOutput out = loss.compute(embeddings, labels, tuples);
                collector.backward(scaler.isPresent() ? out.loss().mul(scale) : out.loss());
                lossValue = out.loss().getFloat();
                active = out.active().map(a -> (double) a.getFloat()).orElse(Double.NaN);
            }
            List<TrainableParameter> parameters = optimizer.parameters();
            List<NDArray> gradients = new ArrayList<>(parameters.size());
            for (TrainableParameter p : parameters) {
                NDArray gradient = parallel.gradient(p.parameter(), scratch);
                // dividing by a power of two is exact: unscaled, a gradient is the one without scaling
                gradients.add(scaler.isPresent() ? gradient.mul(1f / scale) : gradient);
            }
            norm = GradientClipping.globalNorm(gradients, scratch);
            if (scaler.isPresent() && Double.isFinite(lossValue) && !Double.isFinite(norm)
                    && scaler.get().canBackOff()) {
                overflow = true;
            }
            String problem = !Double.isFinite(lossValue) ? "loss is " + lossValue
                    : !Double.isFinite(norm) ? "gradient norm is " + norm : divergence(lossValue);
            if (overflow) {
                scaler.get().overflowed();
            } else if (problem != null) {
                if (settings.loop().onNonFinite() == TrainSettings.OnNonFinite.STOP) {
                    zeroGradients(parameters);
                    throw new NonFiniteException(it, "The " + problem + " at iteration " + it + " (epoch "
                            + epochOf(it) + ")");
                }
                skip = true;
                skipped++;
            } else {
                lossLevel.add(lossValue);
                if (settings.loop().clipNorm() > 0) {
                    GradientClipping.clip(gradients, norm, settings.loop().clipNorm());
                }
                for (int i = 0; i < parameters.size(); i++) {
                    optimizer.update(i, gradients.get(i), lr, scratch);
                }
                scaler.ifPresent(LossScaler::stepped);
            }
            zeroGradients(parameters);
            parallel.synchronize();
        } finally {
            pipeline.release(batch);
        }
        iteration++;
        int gcEvery = settings.loop().gcEvery();
        if (gcEvery > 0 && iteration % gcEvery == 0) {
            // frees the native memory held by collected scalars and host copies (see jdml.train.gc-every)
            System.gc();
        }
        if (!skip && !overflow) {
            controller.ifPresent(c -> c.update(new TrainingSignal(it, lossValue, active), knobs));
        }
        Map<String, Double> knobValues = new LinkedHashMap<>();
        for (Knob k : knobs) {
            knobValues.put(k.name(), k.value());
        }
        return new StepResult(it, epochOf(it), lossValue, active, lr, norm, skip, knobValues,
                scaler.isPresent() ? scale : Double.NaN, overflow);
    }

    /** Why {@code loss} counts as diverged, or null. */
    private String divergence(double loss) {
        double factor = settings.loop().divergenceFactor();
        if (factor <= 0 || !lossLevel.known() || loss <= factor * Math.max(lossLevel.value(), LossLevel.FLOOR)) {
            return null;
        }
        return String.format(java.util.Locale.ROOT, "loss is %.4g, more than %.0f times its running level %.4g"
                + " (jdml.train.divergence-factor)", loss, factor, lossLevel.value());
    }

    private void zeroGradients(List<TrainableParameter> parameters) {
        for (TrainableParameter p : parameters) {
            EngineSetup.zeroGradient(p.parameter().getArray());
        }
        parallel.zeroReplicaGradients();
    }

    /** The epoch (from 1) iteration {@code it} belongs to. */
    public int epochOf(long it) {
        return (int) (it / iterationsPerEpoch) + 1;
    }

    /** Iterations done so far (the next step's iteration). */
    public long iteration() {
        return iteration;
    }

    public int iterationsPerEpoch() {
        return iterationsPerEpoch;
    }

    public long totalIterations() {
        return totalIterations;
    }

    /** How long steps have waited for their batch's items so far (see {@link BatchPipeline#dataWait}). */
    public BatchPipeline.DataWait dataWait() {
        return pipeline.dataWait();
    }

    /** Batches whose update was dropped for a non-finite loss or gradient. */
    public long skippedBatches() {
        return skipped;
    }

    /** Batches whose update was dropped because their scaled gradients overflowed (fp16's loss scaling). */
    public long overflowedBatches() {
        return scaler.map(LossScaler::overflows).orElse(0L);
    }

    /** The loss scale now, when the loss is scaled. */
    public Optional<Float> lossScale() {
        return scaler.map(LossScaler::scale);
    }

    public EmbeddingNetwork network() {
        return network;
    }

    public ModelEmbedder embedder() {
        return embedder;
    }

    public ParameterOptimizer optimizer() {
        return optimizer;
    }

    public List<Knob> knobs() {
        return knobs;
    }

    /** Writes the loop's state as checkpoint sections. */
    public void save(CheckpointStore.Sections out) throws IOException {
        out.section("loop", o -> {
            o.writeLong(iteration);
            o.writeLong(skipped);
            lossLevel.save(o);
            if (scaler.isPresent()) {
                scaler.get().save(o);
            }
        });
        out.section("model", o -> ParameterIO.write(o, network.getParameters().toMap()));
        out.section("loss-parameters", o -> ParameterIO.write(o,
                lossBlock.map(b -> b.getParameters().toMap()).orElse(Map.of())));
        out.section("optimizer", optimizer::save);
        out.section("sampler", sampler::saveState);
        out.section("miner", o -> {
            if (miner.isPresent()) {
                miner.get().saveState(o);
            }
        });
        out.section("controller", o -> {
            if (controller.isPresent()) {
                controller.get().saveState(o);
            }
        });
        out.section("drawn-ahead", o -> {
            List<int[]> ahead = pipeline.drawnAhead();
            o.writeInt(ahead.size());
            for (int[] indices : ahead) {
                o.writeInt(indices.length);
                for (int index : indices) {
                    o.writeInt(index);
                }
            }
        });
    }

    /** Restores what {@link #save} wrote. */
    public void load(CheckpointStore.SectionsIn in) throws IOException {
        in.section("loop", i -> {
            iteration = i.readLong();
            skipped = i.readLong();
            lossLevel.load(i);
            if (i.available() > 0) {
                // the state of a run that scaled its loss; one continued without scaling drops it
                LossScaler state = scaler.orElseGet(() -> new LossScaler(1f, 1, 1f));
                state.load(i);
            }
            // a run that did not scale before starts from the initial scale
        });
        in.section("model", i -> ParameterIO.read(i, network.getParameters().toMap(), "the model"));
        parallel.copyToReplicas();
        in.section("loss-parameters", i -> ParameterIO.read(i,
                lossBlock.map(b -> b.getParameters().toMap()).orElse(Map.of()), "the loss's parameters"));
        in.section("optimizer", optimizer::load);
        in.section("sampler", sampler::loadState);
        in.section("miner", i -> {
            if (miner.isPresent()) {
                miner.get().loadState(i);
            }
        });
        in.section("controller", i -> {
            if (controller.isPresent()) {
                controller.get().loadState(i);
            }
        });
        in.section("drawn-ahead", i -> {
            int count = i.readInt();
            List<int[]> ahead = new ArrayList<>(count);
            for (int b = 0; b < count; b++) {
                int[] indices = new int[i.readInt()];
                for (int k = 0; k < indices.length; k++) {
                    indices[k] = i.readInt();
                }
                ahead.add(indices);
            }
            pipeline.resume(iteration, ahead);
        });
    }

    /** The devices that train and the replicas on them. */
    DataParallel dataParallel() {
        return parallel;
    }

    @Override
    public void close() {
        pipeline.close();
        optimizer.close();
        parallel.close();
    }
}
