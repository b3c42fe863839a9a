package org.jdml.backbone.weights;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdml.api.model.ReferenceLayout;

/**
 * The top-level block of a backbone laid out like a reference implementation: the network as its
 * only child ({@code 01network}), and the {@link Layout} that names its parameters. Built with
 * {@link #of}, which gives a {@link PretrainedLayoutBlock} exactly when a weights file is named; both
 * name their parameters alike, so only the start differs.
 */
public sealed class LayoutBlock extends AbstractBlock implements ReferenceLayout permits PretrainedLayoutBlock {

    private static final byte VERSION = 1;

    /** The reference's suffix for each kind of DJL parameter (batch norm's gamma is torch's weight). */
    private static final Map<Parameter.Type, String> SUFFIXES = Map.of(
            Parameter.Type.WEIGHT, ".weight", Parameter.Type.BIAS, ".bias",
            Parameter.Type.GAMMA, ".weight", Parameter.Type.BETA, ".bias",
            Parameter.Type.RUNNING_MEAN, ".running_mean", Parameter.Type.RUNNING_VAR, ".running_var");

    private final Block network;
    private final Layout layout;

    /**
     * @throws IllegalArgumentException if the layout does not name the network's parameters one for
     *     one, each with the suffix of its kind (a fault of the code that built them, caught before
     *     any shape is known)
     */
    LayoutBlock(Block network, Layout layout) {
        super(VERSION);
        this.network = addChildBlock("network", network);
        this.layout = layout;
        List<Parameter> parameters = network.getParameters().values();
        List<String> names = layout.referenceNames();
        if (parameters.size() != names.size()) {
            throw new IllegalArgumentException(layout.layoutName() + ": the network has " + parameters.size()
                    + " parameters, the layout names " + names.size());
        }
        for (int i = 0; i < names.size(); i++) {
            String suffix = SUFFIXES.get(parameters.get(i).getType());
            if (suffix == null || !names.get(i).endsWith(suffix)) {
                throw new IllegalArgumentException(layout.layoutName() + ": parameter " + i + " ("
                        + network.getParameters().keys().get(i) + ") is named '" + names.get(i) + "'");
            }
        }
    }

    /** The network with its layout, ready to load {@code weights} when they are given. */
    public static LayoutBlock of(Block network, Layout layout, Optional<Path> weights) {
        return weights.<LayoutBlock>map(file -> new PretrainedLayoutBlock(network, layout, file))
                .orElseGet(() -> new LayoutBlock(network, layout));
    }

    public Layout layout() {
        return layout;
    }

    @Override
    public List<String> referenceNames() {
        return layout.referenceNames();
    }

    @Override
    public List<String> stages() {
        return layout.stages();
    }

    @Override
    public String stageOf(String referenceName) {
        return layout.stageOf(referenceName);
    }

    @Override
    public String headName() {
        return layout.headName();
    }

    @Override
    public String layoutName() {
        return layout.layoutName();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return network.forward(store, inputs, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return network.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        network.initialize(manager, dataType, inputShapes);
    }
}
