package org.jdml.runner.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SymbolBlock;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.runner.engine.EngineSetup;
import org.jdml.runner.model.Computation;
import org.jdml.runner.model.EmbeddingNetwork;

/**
 * Turns a batch into embeddings on one device or, data-parallel, on several.
 *
 * <p>The main device holds the network's parameters; the optimizer updates those. Every further
 * device holds a replica: a copy of each parameter in a {@link ReplicaParameterStore}, through which
 * the same network code runs. A training forward pass splits the batch into contiguous slices, as
 * equal as possible, the first for the main device; each device embeds its slice, the embeddings
 * are moved to the main device (a differentiable copy) and concatenated in batch order, so mining
 * and the loss see the whole batch and one backward pass reaches every replica. Then
 * {@link #gradient} sums each parameter's replica gradients into its main one, and after the update
 * {@link #synchronize} copies the main values back into every replica, in place.
 *
 * <p>Batch norm normalises each slice by the slice's own statistics (as PyTorch's DataParallel
 * without SyncBatchNorm). Each replica updates its own running statistics; {@link #synchronize}
 * averages them, weighted by slice size, into the main ones and hands those back to the replicas.
 * The running mean is then the whole batch's (for the first batch-norm layer, exactly what one
 * device keeps); the running variance is the average of the slices' variances, which leaves out the
 * spread between the slices' means.
 *
 * <p>With one device there are no replicas and the batch goes through the network in one piece, as
 * it always did.
 */
public final class DataParallel implements AutoCloseable {

    private static final NDIndex ALL = new NDIndex("...");

    private final Block network;
    private final Computation computation;
    private final ParameterStore mainStore;
    private final NDManager manager;
    private final List<Parameter> parameters;
    private final List<ReplicaParameterStore> replicas = new ArrayList<>();
    private long[] lastSlices;

    /**
     * @param devices the devices that train; the first must be {@code manager}'s
     * @param manager the run's manager, on the main device; owns the replicas
     * @throws JdmlConfigurationException if the network cannot be replicated (see {@link #problem})
     */
    DataParallel(Block network, ParameterStore mainStore, NDManager manager, List<Device> devices) {
        this(network, mainStore, manager, devices, Computation.PLAIN);
    }

    /** @param computation how the passes compute; only the run's {@link EmbeddingNetwork} computes otherwise than plain */
    DataParallel(Block network, ParameterStore mainStore, NDManager manager, List<Device> devices,
            Computation computation) {
        if (!computation.isPlain() && !(network instanceof EmbeddingNetwork)) {
            throw new IllegalArgumentException("only the run's embedding network computes in " + computation.describe());
        }
        this.network = network;
        this.computation = computation;
        this.mainStore = mainStore;
        this.manager = manager;
        this.parameters = network.getParameters().values().stream().filter(Parameter::isInitialized).toList();
        if (!devices.get(0).equals(manager.getDevice())) {
            throw new IllegalArgumentException("the main device " + devices.get(0) + " is not the run manager's "
                    + manager.getDevice());
        }
        problem(network, devices.size()).ifPresent(p -> {
            throw new JdmlConfigurationException(p);
        });
        for (Device device : devices.subList(1, devices.size())) {
            replicas.add(new ReplicaParameterStore(parameters, device, manager));
        }
    }

    /**
     * Why {@code network} cannot train on {@code devices} devices, if it cannot: a TorchScript module
     * (a DJL {@link SymbolBlock}) keeps its parameters inside itself and never asks a parameter store
     * for them, so a replica would compute with the main device's parameters.
     */
    public static Optional<String> problem(Block network, int devices) {
        if (devices > 1 && holdsSymbolBlock(network)) {
            return Optional.of("jdml.run.device names " + devices + " devices, but data-parallel training needs"
                    + " blocks that read their parameters through DJL's ParameterStore and a TorchScript module"
                    + " (the torchscript backbone) keeps its own: train it on one device");
        }
        return Optional.empty();
    }

    private static boolean holdsSymbolBlock(Block block) {
        return block instanceof SymbolBlock
                || block.getChildren().values().stream().anyMatch(DataParallel::holdsSymbolBlock);
    }

    /** Devices that train (the main one counts). */
    int deviceCount() {
        return replicas.size() + 1;
    }

    /**
     * The training forward pass (batch norm on batch statistics): the embeddings of {@code items},
     * on the main device, in batch order. Call it inside the gradient collector.
     */
    NDArray forward(NDArray items) {
        if (replicas.isEmpty()) {
            return pass(mainStore, items);
        }
        long[] slices = slices(items.getShape().get(0), deviceCount());
        NDList pieces = new NDList(slices.length);
        long start = 0;
        for (int k = 0; k < slices.length; k++) {
            NDArray slice = items.get(new NDIndex("{}:{}", start, start + slices[k]));
            start += slices[k];
            if (k == 0) {
                pieces.add(pass(mainStore, slice));
            } else {
                ReplicaParameterStore replica = replicas.get(k - 1);
                NDArray there = slice.toDevice(replica.device(), false);
                NDArray embedded = pass(replica, there);
                pieces.add(embedded.toDevice(manager.getDevice(), false));
            }
        }
        lastSlices = slices;
        return NDArrays.concat(pieces, 0);
    }

    private NDArray pass(ParameterStore store, NDArray items) {
        return network instanceof EmbeddingNetwork embeddingNetwork
                ? embeddingNetwork.embed(store, items, true, computation)
                : network.forward(store, new NDList(items), true).singletonOrThrow();
    }

    /**
     * Sizes of {@code parts} contiguous slices of a batch of {@code batch} items, as equal as possible
     * (the first ones one larger); fewer slices when the batch has fewer items than parts.
     */
    static long[] slices(long batch, int parts) {
        int used = (int) Math.min(parts, batch);
        long[] sizes = new long[used];
        for (int k = 0; k < used; k++) {
            sizes[k] = batch / used + (k < batch % used ? 1 : 0);
        }
        return sizes;
    }

    /**
     * The gradient of {@code parameter} after backward, owned by {@code scratch}: its main gradient
     * plus every replica's, summed on the main device. A parameter the network does not hold (a
     * loss's) has its main gradient only.
     */
    NDArray gradient(Parameter parameter, NDManager scratch) {
        NDArray sum = parameter.getArray().getGradient();
        sum.attach(scratch);
        for (ReplicaParameterStore replica : replicas) {
            NDArray copy = replica.copyOf(parameter);
            if (copy == null) {
                return sum;
            }
            NDArray there = copy.getGradient();
            there.attach(scratch);
            sum = sum.add(there.toDevice(sum.getDevice(), false));
        }
        return sum;
    }

    /** Zeroes the replicas' gradients (PyTorch accumulates them otherwise). */
    void zeroReplicaGradients() {
        for (ReplicaParameterStore replica : replicas) {
            for (Parameter p : parameters) {
                if (p.requiresGradient()) {
                    EngineSetup.zeroGradient(replica.copyOf(p));
                }
            }
        }
    }

    /**
     * After a step: averages the running statistics the replicas kept in the last forward pass into
     * the main ones, then copies every main parameter into every replica.
     */
    void synchronize() {
        if (replicas.isEmpty()) {
            return;
        }
        if (lastSlices != null) {
            averageRunningStatistics(lastSlices);
            lastSlices = null;
        }
        copyToReplicas();
    }

    /** Copies every main parameter into every replica, in place (after loading a checkpoint too). */
    void copyToReplicas() {
        for (ReplicaParameterStore replica : replicas) {
            for (Parameter p : parameters) {
                replica.copyOf(p).set(ALL, p.getArray());
            }
        }
    }

    /**
     * main += sum over replicas k of w_k (replica_k - main), w_k = slice k / batch: the slice-weighted
     * mean of all devices' values, and exactly the main value where the replicas agree with it (a
     * frozen parameter stays bit for bit what it was).
     */
    private void averageRunningStatistics(long[] slices) {
        long batch = 0;
        for (long s : slices) {
            batch += s;
        }
        try (NDManager scratch = manager.newSubManager()) {
            for (Parameter p : parameters) {
                if (p.requiresGradient()) {
                    continue;
                }
                NDArray main = p.getArray();
                NDArray change = scratch.zeros(main.getShape(), main.getDataType(), main.getDevice());
                for (int k = 1; k < slices.length; k++) {
                    NDArray copy = replicas.get(k - 1).copyOf(p);
                    NDArray here = copy.toDevice(main.getDevice(), false);
                    if (here != copy) {
                        here.attach(scratch);
                    }
                    NDArray difference = here.sub(main);
                    difference.attach(scratch);
                    change.addi(difference.muli((float) slices[k] / batch));
                }
                main.addi(change);
            }
        }
    }

    /** Replica {@code replica}'s (from 1) copy of {@code parameter}, for tests. */
    NDArray replicaValue(int replica, Parameter parameter) {
        return replicas.get(replica - 1).copyOf(parameter);
    }

    @Override
    public void close() {
        replicas.forEach(ReplicaParameterStore::close);
    }
}
