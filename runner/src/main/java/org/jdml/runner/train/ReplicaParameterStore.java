package org.jdml.runner.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One replica's copies of a network's parameters, handed to the network's blocks in place of the
 * originals: DJL blocks read every parameter through {@link ParameterStore#getValue}, so the same
 * network code computes with the replica's copies. The copies are found by parameter, not by device,
 * which lets several replicas share a device (the tests put them all on the CPU).
 *
 * <p>The copies live in a manager of their own on the replica's device, and keep a parameter's
 * {@code requiresGradient}: backward leaves each replica's gradients on its copies.
 */
final class ReplicaParameterStore extends ParameterStore {

    private final NDManager manager;
    private final Map<String, NDArray> copies = new HashMap<>();

    /**
     * Copies every parameter onto {@code device}.
     *
     * @param owner the run's manager; the copies live in a sub-manager of it on {@code device}
     */
    ReplicaParameterStore(List<Parameter> parameters, Device device, NDManager owner) {
        this(owner.newSubManager(device), parameters);
    }

    private ReplicaParameterStore(NDManager manager, List<Parameter> parameters) {
        super(manager, false);
        this.manager = manager;
        for (Parameter p : parameters) {
            NDArray original = p.getArray();
            // toDevice(same device, copy = true) returns an alias in the PyTorch engine: duplicate instead
            NDArray copy = original.getDevice().equals(manager.getDevice()) ? original.duplicate()
                    : original.toDevice(manager.getDevice(), true);
            copy.attach(manager);
            copy.setRequiresGradient(p.requiresGradient());
            copies.put(p.getId(), copy);
        }
    }

    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        if (parameter == null) {
            return null;
        }
        NDArray copy = copies.get(parameter.getId());
        if (copy == null) {
            throw new IllegalStateException("Parameter '" + parameter.getName() + "' is not one of the replicated"
                    + " network's parameters: a block reads a parameter the network does not own");
        }
        return copy;
    }

    /** This replica's copy of {@code parameter}. */
    NDArray copyOf(Parameter parameter) {
        return copies.get(parameter.getId());
    }

    Device device() {
        return manager.getDevice();
    }

    /** Frees the copies. */
    void close() {
        manager.close();
    }
}
