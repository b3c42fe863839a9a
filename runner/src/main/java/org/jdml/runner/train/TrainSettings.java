package org.jdml.runner.train;

import ai.djl.Device;
import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.runner.engine.EngineSetup;
import org.jdml.runner.model.Computation;
import org.jdml.runner.model.Computations;
import org.jdml.runner.model.EmbeddingModel;
import org.jdml.runner.model.FineTuning;
import org.jdml.runner.model.ModelSettings;
import org.jdml.runner.model.Precision;
import org.jdml.runner.model.WeightInit;

/**
 * Every setting of the training loop, read from {@code jdml.run}, {@code jdml.model},
 * {@code jdml.train} and {@code jdml.checkpoint} (defaults in the runner's {@code jdml-training.conf}).
 * Reading checks shapes and ranges and collects every problem with its origin (file and line).
 *
 */
public record TrainSettings(Run run, ModelSettings model, Loop loop, OptimizerSettings optimizer,
        ScheduleSettings schedule, CheckpointSettings checkpoint, ComputeSettings compute) {

    /**
     * {@code jdml.run}: what the training code needs of it.
     *
     * @param devices the devices that train, the main one first (more than one: data-parallel)
     */
    public record Run(long seed, List<Device> devices, String deviceSpec, int threads) {

        public Run {
            devices = List.copyOf(devices);
            if (devices.isEmpty()) {
                throw new IllegalArgumentException("no device");
            }
        }

        /** The main device: it holds the parameters, runs the loss and the optimizer, and evaluates. */
        public Device device() {
            return devices.get(0);
        }
    }

    /** {@code jdml.train}: the loop itself. */
    public record Loop(int batchSize, int epochs, int iterationsPerEpoch, double clipNorm, OnNonFinite onNonFinite,
            double divergenceFactor, int logEvery, int prefetch, boolean augment, int embedBatchSize, int evalEveryEpochs, boolean progress,
            int gcEvery) {

        /** Iterations per epoch for a training split of {@code trainingItems}. */
        public int iterationsPerEpoch(int trainingItems) {
            return org.jdml.runner.assembly.ComponentAssembler.iterationsPerEpoch(iterationsPerEpoch, batchSize,
                    trainingItems);
        }
    }

    /** {@code jdml.train.optimizer} and its parameters. */
    public record OptimizerSettings(OptimizerKind kind, double learningRate, double weightDecay, double beta1,
            double beta2, double epsilon, double momentum, boolean nesterov) {}

    /** {@code jdml.train.schedule}. */
    public record ScheduleSettings(LearningRateSchedule.Kind kind, int warmupIterations, int stepEpochs,
            double stepFactor, double cosineFinalFactor) {}

    /** {@code jdml.checkpoint}. */
    public record CheckpointSettings(int everyIterations, int keep) {}

    /**
     * {@code jdml.train.precision}, {@code embed-precision}, {@code memory-format} and the loss
     * scaling: how the network computes (resolved for the run's devices: {@code auto} is gone).
     *
     * @param lossScale present when the loss is scaled (fp16, or {@code loss-scaling = dynamic})
     * @param automatic whether a precision was chosen by {@code auto}
     */
    public record ComputeSettings(Computations computations, Optional<LossScaleSettings> lossScale,
            boolean automatic) {}

    /** {@code jdml.train.loss-scale}: see {@link LossScaler}. */
    public record LossScaleSettings(float initialScale, int growthInterval, float minimumScale) {}

    /** {@code jdml.train.precision}: a precision, or the fastest one the devices run natively. */
    public enum PrecisionSetting { FP32, BF16, FP16, AUTO }

    /** {@code jdml.train.embed-precision}: as training, or a precision of its own. */
    public enum EmbedPrecisionSetting { TRAIN, FP32, BF16, FP16, AUTO }

    /** {@code jdml.train.memory-format}. */
    public enum MemoryFormat { CONTIGUOUS, CHANNELS_LAST }

    /** {@code jdml.train.loss-scaling}: auto scales fp16 only. */
    public enum LossScaling { AUTO, DYNAMIC, NONE }

    /** The optimizers on offer. */
    public enum OptimizerKind { ADAM, SGD }

    /** What a NaN or infinite loss or gradient does. */
    public enum OnNonFinite { STOP, SKIP_BATCH }

    /** What components ask their context for, from these (checked) settings. */
    public org.jdml.runner.assembly.RunFacts facts() {
        return new org.jdml.runner.assembly.RunFacts(run().seed(), model().embeddingSize(), loop().batchSize(),
                loop().iterationsPerEpoch());
    }

    /** How the assembler builds this run's embedding network. */
    public EmbeddingModel.Recipe modelRecipe(EmbeddingModel.Start start) {
        return new EmbeddingModel.Recipe(model(), loop().batchSize(), loop().embedBatchSize(), run().seed(), start,
                compute().computations());
    }

    /**
     * Reads and checks the settings.
     *
     * @param reference the merged {@code reference.conf} files (the runner's among them)
     * @param gpuCount GPUs the engine sees
     * @throws JdmlConfigurationException listing every problem
     */
    public static TrainSettings of(Config config, Config reference, int gpuCount) {
        return checked(config, reference, gpuCount, Use.TRAINING);
    }

    /**
     * Reads and checks the settings of a run's model that only embeds ({@code jdml eval}, {@code
     * embed}, {@code index}, {@code search}): the training precision must run on this machine only
     * when {@code embed-precision = train} makes it the embedding's.
     */
    public static TrainSettings forEmbedding(Config config, Config reference, int gpuCount) {
        return checked(config, reference, gpuCount, Use.EMBEDDING);
    }

    /** What the settings are read for. */
    private enum Use { TRAINING, EMBEDDING }

    private static TrainSettings checked(Config config, Config reference, int gpuCount, Use use) {
        List<String> problems = new ArrayList<>();
        TrainSettings settings = read(config, reference, gpuCount, problems, use);
        if (!problems.isEmpty()) {
            throw new JdmlConfigurationException(problems);
        }
        return settings;
    }

    private static FineTuning fineTuning(ComponentSettings model) {
        FineTuning.BatchNormMode batchNorm = model.getEnum(FineTuning.BatchNormMode.class, "fine-tune.batch-norm");
        int frozenStages = model.getInt("fine-tune.frozen-stages");
        model.check(frozenStages >= 0, "fine-tune.frozen-stages", "must be >= 0 (0 = every stage learns)");
        float[] multipliers = new float[4];
        String[] keys = {"fine-tune.embedding-learning-rate-multiplier", "fine-tune.weight-decay-multiplier.backbone",
                "fine-tune.weight-decay-multiplier.embedding", "fine-tune.weight-decay-multiplier.norm-and-bias"};
        for (int i = 0; i < keys.length; i++) {
            double value = model.getDouble(keys[i]);
            model.check(value >= 0 && Double.isFinite(value), keys[i], "must be >= 0");
            multipliers[i] = (float) value;
        }
        return new FineTuning(batchNorm, frozenStages, multipliers[0], multipliers[1], multipliers[2], multipliers[3]);
    }

    /** Reads the settings, adding problems to {@code problems} instead of throwing. */
    public static TrainSettings read(Config config, Config reference, int gpuCount, List<String> problems) {
        return read(config, reference, gpuCount, problems, Use.TRAINING);
    }

    private static TrainSettings read(Config config, Config reference, int gpuCount, List<String> problems, Use use) {
        ComponentSettings run = ComponentSettings.resolve("jdml.run", "the run", config, reference);
        long seed = run.getLong("seed");
        String deviceSpec = run.getString("device");
        List<Device> devices = Devices.parse(deviceSpec, gpuCount, message -> run.problem("device", message));
        int threads = run.getInt("threads");
        run.check(threads >= 0, "threads", "must be >= 0 (0 keeps the engine's default)");

        ComponentSettings model = ComponentSettings.resolve("jdml.model", "the model", config, reference);
        int embeddingSize = model.getInt("embedding-size");
        boolean normalize = model.getBoolean("normalize");
        model.check(embeddingSize >= 1, "embedding-size", "must be at least 1");
        WeightInit weightInit = model.getEnum(WeightInit.class, "weight-init");
        FineTuning fineTuning = fineTuning(model);

        ComponentSettings train = ComponentSettings.resolve("jdml.train", "training", config, reference);
        int batchSize = train.getInt("batch-size");
        train.check(batchSize >= 2, "batch-size", "must be at least 2");
        train.check(batchSize >= devices.size(), "batch-size", "must be at least the number of devices that train"
                + " (" + devices.size() + ", jdml.run.device = '" + deviceSpec + "')");
        int epochs = train.getInt("epochs");
        train.check(epochs >= 1, "epochs", "must be >= 1");
        int perEpoch = train.getInt("iterations-per-epoch");
        train.check(perEpoch >= 0, "iterations-per-epoch", "must be >= 0 (0 = training items / batch size)");
        OptimizerKind kind = train.getEnum(OptimizerKind.class, "optimizer");
        double lr = train.getDouble("learning-rate");
        train.check(lr > 0 && Double.isFinite(lr), "learning-rate", "must be > 0");
        double weightDecay = train.getDouble("weight-decay");
        train.check(weightDecay >= 0, "weight-decay", "must be >= 0");
        double beta1 = train.getDouble("adam.beta1");
        train.check(beta1 >= 0 && beta1 < 1, "adam.beta1", "must be in [0, 1)");
        double beta2 = train.getDouble("adam.beta2");
        train.check(beta2 >= 0 && beta2 < 1, "adam.beta2", "must be in [0, 1)");
        double epsilon = train.getDouble("adam.epsilon");
        train.check(epsilon > 0, "adam.epsilon", "must be > 0");
        double momentum = train.getDouble("sgd.momentum");
        train.check(momentum >= 0 && momentum < 1, "sgd.momentum", "must be in [0, 1)");
        boolean nesterov = train.getBoolean("sgd.nesterov");
        train.check(!nesterov || momentum > 0, "sgd.nesterov", "needs sgd.momentum > 0");
        LearningRateSchedule.Kind schedule = train.getEnum(LearningRateSchedule.Kind.class, "schedule.name");
        int warmup = train.getInt("schedule.warmup-iterations");
        train.check(warmup >= 0, "schedule.warmup-iterations", "must be >= 0");
        int stepEpochs = train.getInt("schedule.step-epochs");
        train.check(stepEpochs >= 1, "schedule.step-epochs", "must be >= 1");
        double stepFactor = train.getDouble("schedule.step-factor");
        train.check(stepFactor > 0 && stepFactor <= 1, "schedule.step-factor", "must be in (0, 1]");
        double finalFactor = train.getDouble("schedule.cosine-final-factor");
        train.check(finalFactor >= 0 && finalFactor <= 1, "schedule.cosine-final-factor", "must be in [0, 1]");
        double clipNorm = train.getDouble("clip-norm");
        train.check(clipNorm >= 0, "clip-norm", "must be >= 0 (0 = no clipping)");
        OnNonFinite onNonFinite = train.getEnum(OnNonFinite.class, "on-non-finite");
        double divergenceFactor = train.getDouble("divergence-factor");
        train.check(divergenceFactor >= 0, "divergence-factor", "must be >= 0 (0 = only non-finite losses stop a run)");
        int logEvery = train.getInt("log-every");
        train.check(logEvery >= 1, "log-every", "must be >= 1");
        int prefetch = train.getInt("prefetch");
        train.check(prefetch >= 0, "prefetch", "must be >= 0");
        boolean augment = train.getBoolean("augment");
        int embedBatch = train.getInt("embed-batch-size");
        train.check(embedBatch >= 1, "embed-batch-size", "must be >= 1");
        int evalEvery = train.getInt("eval-every-epochs");
        train.check(evalEvery >= 1, "eval-every-epochs", "must be >= 1");
        boolean progress = train.getBoolean("progress");
        int gcEvery = train.getInt("gc-every");
        train.check(gcEvery >= 0, "gc-every", "must be >= 0 (0 = never)");

        ComputeSettings compute = compute(train, devices, use);

        ComponentSettings checkpoint = ComponentSettings.resolve("jdml.checkpoint", "checkpoints", config, reference);
        int every = checkpoint.getInt("every-iterations");
        checkpoint.check(every >= 0, "every-iterations", "must be >= 0 (0 = at epoch ends only)");
        int keep = checkpoint.getInt("keep");
        checkpoint.check(keep >= 1, "keep", "must be >= 1");

        for (ComponentSettings s : List.of(run, model, train, checkpoint)) {
            problems.addAll(s.problems());
        }
        return new TrainSettings(new Run(seed, devices, deviceSpec, threads),
                new ModelSettings(embeddingSize, normalize, weightInit, fineTuning),
                new Loop(batchSize, epochs, perEpoch, clipNorm, onNonFinite, divergenceFactor, logEvery, prefetch, augment, embedBatch,
                        evalEvery, progress, gcEvery),
                new OptimizerSettings(kind, lr, weightDecay, beta1, beta2, epsilon, momentum, nesterov),
                new ScheduleSettings(schedule, warmup, stepEpochs, stepFactor, finalFactor),
                new CheckpointSettings(every, keep), compute);
    }

    /** The precisions tried by {@code auto}, fastest first: bf16 needs no loss scaling where both run. */
    private static final List<Precision> AUTO_ORDER = List.of(Precision.BF16, Precision.FP16);

    private static ComputeSettings compute(ComponentSettings train, List<Device> devices, Use use) {
        PrecisionSetting precisionSetting = train.getEnum(PrecisionSetting.class, "precision");
        EmbedPrecisionSetting embedSetting = train.getEnum(EmbedPrecisionSetting.class, "embed-precision");
        boolean channelsLast = train.getEnum(MemoryFormat.class, "memory-format") == MemoryFormat.CHANNELS_LAST;
        // a model that only embeds in a precision of its own never computes in the training one here
        boolean trainingRunsHere = use == Use.TRAINING || embedSetting == EmbedPrecisionSetting.TRAIN;
        Precision training = trainingRunsHere || precisionSetting == PrecisionSetting.AUTO
                ? resolve(precisionSetting.name(), "precision", train, devices)
                : Precision.valueOf(precisionSetting.name());
        Precision embedding = embedSetting == EmbedPrecisionSetting.TRAIN ? training
                : resolve(embedSetting.name(), "embed-precision", train, devices);
        LossScaling scaling = train.getEnum(LossScaling.class, "loss-scaling");
        double initial = train.getDouble("loss-scale.initial");
        int growthInterval = train.getInt("loss-scale.growth-interval");
        double minimum = train.getDouble("loss-scale.minimum");
        boolean powerOfTwo = initial > 0 && initial <= Float.MAX_VALUE && Math.getExponent(initial) >= -126
                && initial == Math.scalb(1.0, Math.getExponent(initial));
        train.check(powerOfTwo, "loss-scale.initial", "must be a power of two (so that scaling changes no bit of"
                + " a gradient), 2^-126 to 2^127");
        train.check(growthInterval >= 1, "loss-scale.growth-interval", "must be >= 1");
        train.check(minimum > 0 && minimum <= initial, "loss-scale.minimum", "must be > 0 and at most loss-scale.initial");
        boolean scaled = scaling == LossScaling.DYNAMIC || (scaling == LossScaling.AUTO && training == Precision.FP16);
        Optional<LossScaleSettings> lossScale = scaled
                ? Optional.of(new LossScaleSettings((float) initial, growthInterval, (float) minimum))
                : Optional.empty();
        boolean automatic = precisionSetting == PrecisionSetting.AUTO || embedSetting == EmbedPrecisionSetting.AUTO;
        return new ComputeSettings(new Computations(new Computation(training, channelsLast),
                new Computation(embedding, channelsLast)), lossScale, automatic);
    }

    /**
     * The precision a setting names ({@code auto}: the first of {@link #AUTO_ORDER} that every device
     * runs natively, else fp32), or float32 with a problem naming the device that cannot run it.
     */
    private static Precision resolve(String setting, String key, ComponentSettings train, List<Device> devices) {
        if (setting.equals("AUTO")) {
            for (Precision candidate : AUTO_ORDER) {
                if (devices.stream().allMatch(d -> nativeProblem(candidate, d).isEmpty())) {
                    return candidate;
                }
            }
            return Precision.FP32;
        }
        Precision precision = Precision.valueOf(setting);
        for (Device device : devices) {
            nativeProblem(precision, device).ifPresent(why -> train.problem(key, "'" + precision.label()
                    + "' cannot run natively on " + device + ": " + why + ". Use fp32, or auto (the fastest"
                    + " precision the device runs natively; docs/precision.md)"));
        }
        return precision;
    }

    private static Optional<String> nativeProblem(Precision precision, Device device) {
        return precision.isLow() ? EngineSetup.adapter().nativePrecisionProblem(precision.dataType(), device)
                : Optional.empty();
    }
}
