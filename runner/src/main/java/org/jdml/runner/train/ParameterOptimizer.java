package org.jdml.runner.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jdml.runner.checkpoint.ArrayIO;
import org.jdml.runner.checkpoint.CheckpointException;

/**
 * Updates parameters in place from their gradients, keeping per-parameter state (moments, step
 * counts) in arrays it owns so that checkpoints can save and restore them. DJL's own optimizers do
 * not expose their state, and the PyTorch engine's clipping is one-sided, hence this small family.
 *
 * <p>Memory: every temporary is attached to the caller's per-iteration manager. An op whose first
 * operand is a state array or a weight would otherwise land in their long-lived manager and leak.
 */
public abstract class ParameterOptimizer implements AutoCloseable {

    /** One parameter's state. */
    protected static final class Slot {
        final TrainableParameter parameter;
        final NDArray[] state;
        long steps;

        Slot(TrainableParameter parameter, NDArray[] state) {
            this.parameter = parameter;
            this.state = state;
        }
    }

    protected final NDManager stateManager;
    protected final List<Slot> slots = new ArrayList<>();
    protected final float weightDecay;

    /**
     * @param stateCount state arrays per parameter, each shaped like it and zero at the start
     */
    protected ParameterOptimizer(List<TrainableParameter> parameters, NDManager owner, int stateCount,
            double weightDecay) {
        this.stateManager = owner.newSubManager();
        this.weightDecay = (float) weightDecay;
        for (TrainableParameter p : parameters) {
            NDArray weight = p.parameter().getArray();
            NDArray[] state = new NDArray[stateCount];
            for (int s = 0; s < stateCount; s++) {
                state[s] = stateManager.zeros(weight.getShape(), weight.getDataType(), weight.getDevice());
            }
            slots.add(new Slot(p, state));
        }
    }

    /** Builds the configured optimizer over {@code parameters}. */
    public static ParameterOptimizer of(TrainSettings.OptimizerSettings settings, List<TrainableParameter> parameters,
            NDManager owner) {
        return switch (settings.kind()) {
            case ADAM -> new AdamOptimizer(parameters, owner, settings.beta1(), settings.beta2(), settings.epsilon(),
                    settings.weightDecay());
            case SGD -> new SgdOptimizer(parameters, owner, settings.momentum(), settings.nesterov(),
                    settings.weightDecay());
        };
    }

    /** The parameters, in update order. */
    public List<TrainableParameter> parameters() {
        return slots.stream().map(s -> s.parameter).toList();
    }

    /**
     * Updates parameter {@code index}.
     *
     * @param gradient its gradient, owned by {@code scratch} (left unchanged)
     * @param learningRate the scheduled rate, before the parameter's multiplier
     * @param scratch the iteration's manager: owns every temporary
     */
    public final void update(int index, NDArray gradient, double learningRate, NDManager scratch) {
        Slot slot = slots.get(index);
        NDArray weight = slot.parameter.parameter().getArray();
        NDArray g = gradient;
        float decay = weightDecay * slot.parameter.weightDecayMultiplier();
        if (decay > 0) {
            g = g.add(scratch(weight.mul(decay), scratch));
        }
        slot.steps++;
        apply(slot, weight, g, (float) (learningRate * slot.parameter.learningRateMultiplier()), scratch);
    }

    /** Applies one step to {@code weight} in place; {@code gradient} includes weight decay. */
    protected abstract void apply(Slot slot, NDArray weight, NDArray gradient, float learningRate, NDManager scratch);

    /** Moves a temporary made from a long-lived operand into the iteration's manager. */
    protected static NDArray scratch(NDArray temporary, NDManager scratch) {
        temporary.attach(scratch);
        return temporary;
    }

    /** A short name written into checkpoints ("adam", "sgd"). */
    protected abstract String kind();

    /** Writes the step counts and state arrays, keyed by parameter name. */
    public void save(DataOutputStream out) throws IOException {
        out.writeUTF(kind());
        out.writeInt(slots.size());
        for (Slot slot : slots) {
            out.writeUTF(slot.parameter.name());
            out.writeLong(slot.steps);
            out.writeInt(slot.state.length);
            for (NDArray state : slot.state) {
                ArrayIO.write(out, state);
            }
        }
    }

    /**
     * Restores what {@link #save} wrote, checking the optimizer kind, the parameter names and the
     * shapes.
     */
    public void load(DataInputStream in) throws IOException {
        String kind = in.readUTF();
        if (!kind.equals(kind())) {
            throw new CheckpointException("the checkpoint holds " + kind + " optimizer state but this run uses "
                    + kind() + " (jdml.train.optimizer)");
        }
        int count = in.readInt();
        if (count != slots.size()) {
            throw new CheckpointException("the checkpoint holds optimizer state for " + count
                    + " parameters but the model trains " + slots.size());
        }
        for (Slot slot : slots) {
            String name = in.readUTF();
            if (!name.equals(slot.parameter.name())) {
                throw new CheckpointException("optimizer state for parameter '" + name + "' found where '"
                        + slot.parameter.name() + "' was expected");
            }
            slot.steps = in.readLong();
            int arrays = in.readInt();
            if (arrays != slot.state.length) {
                throw new CheckpointException("optimizer state of '" + name + "' has " + arrays + " arrays, expected "
                        + slot.state.length);
            }
            for (int s = 0; s < arrays; s++) {
                ArrayIO.readInto(in, slot.state[s], "optimizer state of '" + name + "'");
            }
        }
    }

    /** Steps taken by parameter {@code index} (its bias-correction count). */
    public long steps(int index) {
        return slots.get(index).steps;
    }

    /** State array {@code which} of parameter {@code index}, for tests. */
    NDArray state(int index, int which) {
        return slots.get(index).state[which];
    }

    @Override
    public void close() {
        stateManager.close();
    }
}
