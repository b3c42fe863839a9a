package org.jdml.backbone.nn;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.jdml.api.model.FreezableStatistics;

/**
 * Batch normalisation over axis 1 whose running statistics can be frozen. Otherwise it is DJL's
 * {@link ai.djl.nn.norm.BatchNorm}: the same simple class name (so that a sequential parent names it
 * {@code 02BatchNorm}), the same parameters in the same order ({@code gamma}, {@code beta},
 * {@code runningMean}, {@code runningVar}) with the same types and so the same initialisation, and
 * the arithmetic of DJL's static {@code batchNorm}. A network built with it trains exactly as one
 * built with DJL's, and reads the same checkpoints.
 */
public final class BatchNorm extends AbstractBlock implements FreezableStatistics {

    /** DJL's BatchNorm's encoding version; the metadata is the same too. */
    private static final byte VERSION = 2;
    private static final int AXIS = 1;

    private final float epsilon;
    private final float momentum;
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private long channels;
    private boolean frozen;

    private BatchNorm(Builder builder) {
        super(VERSION);
        epsilon = builder.epsilon;
        momentum = builder.momentum;
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
        runningMean = addParameter(Parameter.builder().setName("runningMean").setType(Parameter.Type.RUNNING_MEAN)
                .optRequiresGrad(false).build());
        runningVar = addParameter(Parameter.builder().setName("runningVar").setType(Parameter.Type.RUNNING_VAR)
                .optRequiresGrad(false).build());
    }

    /** DJL's defaults: epsilon 1e-5, momentum 0.9 (PyTorch's 0.1: DJL counts it from the other end). */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void freezeStatistics(boolean frozen) {
        this.frozen = frozen;
    }

    /** Whether the running statistics are frozen (see {@link #freezeStatistics}). */
    public boolean statisticsFrozen() {
        return frozen;
    }

    public float epsilon() {
        return epsilon;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        Device device = input.getDevice();
        NDArray gammaValue = store.getValue(gamma, device, training);
        NDArray betaValue = store.getValue(beta, device, training);
        NDArray mean = store.getValue(runningMean, device, training);
        NDArray variance = store.getValue(runningVar, device, training);
        // in evaluation mode the engine normalises with the running statistics and leaves them be,
        // while the gradient still reaches the input, gamma and beta
        boolean batchStatistics = training && !frozen;
        return ai.djl.nn.norm.BatchNorm.batchNorm(input, mean, variance, gammaValue, betaValue, AXIS, momentum,
                epsilon, batchStatistics);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        channels = inputShapes[0].get(AXIS);
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        for (Parameter p : new Parameter[] {gamma, beta, runningMean, runningVar}) {
            p.setShape(new Shape(channels));
        }
    }

    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeLong(channels);
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        if (loadVersion == VERSION) {
            readInputShapes(is);
        } else if (loadVersion != 1) {
            throw new MalformedModelException("Unsupported encoding version: " + loadVersion);
        }
        channels = is.readLong();
    }

    /** Builds a {@link BatchNorm}. */
    public static final class Builder {

        private float epsilon = 1e-5f;
        private float momentum = 0.9f;

        private Builder() {}

        /** Added to the variance before its square root (PyTorch's eps). */
        public Builder optEpsilon(float epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /** The share of the old running statistics kept at each update (1 minus PyTorch's momentum). */
        public Builder optMomentum(float momentum) {
            this.momentum = momentum;
            return this;
        }

        public BatchNorm build() {
            return new BatchNorm(this);
        }
    }
}
