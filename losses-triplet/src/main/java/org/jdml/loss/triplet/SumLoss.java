package org.jdml.loss.triplet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdml.api.loss.LossOutput;
import org.jdml.api.loss.MetricLoss;
import org.jdml.api.loss.Scalars;
import org.jdml.api.mining.Tuples;

/**
 * A weighted sum of other losses, Σ wᵢ·Lᵢ, each part built with its own settings (triplet + global
 * is the objective of Harwood et al. 2017). Every part sees the same tuples. The active fraction is
 * that of the first part that reports one.
 *
 * <p>Learnable parameters: a part's {@link MetricLoss#parameterBlock()} is exposed as is when it is
 * the only one; several are gathered as children of one block (named after their parts), which
 * initialises each with the same input shapes. All parts with parameters must share one learning-rate
 * multiplier, since the host trains the block at a single rate: {@link SumLossFactory} rejects a sum
 * whose parts disagree rather than pick one for them.
 */
public final class SumLoss implements MetricLoss {

    /** One weighted term. */
    public record Part(String name, double weight, MetricLoss loss) {
        public Part {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(loss, "loss");
        }
    }

    private final List<Part> parts;
    private final Block parameters;
    private final float learningRateMultiplier;

    /**
     * @throws IllegalArgumentException without parts, or when parts with parameters disagree on their
     *     learning-rate multiplier
     */
    public SumLoss(List<Part> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a sum of losses needs at least one part");
        }
        this.parts = List.copyOf(parts);
        List<Part> learnable = learnable(this.parts);
        List<Float> multipliers = learnable.stream().map(p -> p.loss().learningRateMultiplier()).distinct().toList();
        if (multipliers.size() > 1) {
            throw new IllegalArgumentException(multiplierConflict(learnable));
        }
        this.learningRateMultiplier = multipliers.isEmpty() ? 1f : multipliers.get(0);
        this.parameters = switch (learnable.size()) {
            case 0 -> null;
            case 1 -> learnable.get(0).loss().parameterBlock().orElseThrow();
            default -> new PartsBlock(learnable);
        };
    }

    /** The parts that have learnable parameters. */
    static List<Part> learnable(List<Part> parts) {
        return parts.stream().filter(p -> p.loss().parameterBlock().isPresent()).toList();
    }

    /** Why these parts cannot be trained together, or null when they can. */
    static String multiplierConflict(List<Part> learnable) {
        if (learnable.stream().map(p -> p.loss().learningRateMultiplier()).distinct().count() <= 1) {
            return null;
        }
        List<String> each = new ArrayList<>();
        for (Part p : learnable) {
            each.add(p.name() + " = " + p.loss().learningRateMultiplier());
        }
        return "parts with learnable parameters must share one learning-rate multiplier, were " + each;
    }

    public List<Part> parts() {
        return parts;
    }

    @Override
    public LossOutput compute(NDArray embeddings, NDArray labels, Tuples tuples) {
        NDArray total = null;
        NDArray active = null;
        for (Part part : parts) {
            LossOutput output = part.loss().compute(embeddings, labels, tuples);
            NDArray term = output.loss().mul(Scalars.of(output.loss(), part.weight()));
            total = total == null ? term : total.add(term);
            if (active == null && output.activeFraction() != null) {
                active = output.activeFraction();
            }
        }
        return new LossOutput(total, active);
    }

    @Override
    public Optional<Block> parameterBlock() {
        return Optional.ofNullable(parameters);
    }

    /** Every part's epoch state, each name prefixed with the part's name ("softtriple.distinct-centres-mean"). */
    @Override
    public java.util.Map<String, Double> epochState() {
        java.util.Map<String, Double> state = new java.util.LinkedHashMap<>();
        for (Part part : parts) {
            part.loss().epochState().forEach((k, v) -> state.put(part.name() + "." + k, v));
        }
        return state;
    }

    @Override
    public float learningRateMultiplier() {
        return learningRateMultiplier;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("SumLoss[");
        for (int i = 0; i < parts.size(); i++) {
            Part p = parts.get(i);
            text.append(i == 0 ? "" : " + ").append(p.weight()).append(" * ").append(p.name());
        }
        return text.append(']').toString();
    }

    /** The parameter blocks of several parts as children of one block; it has no forward pass. */
    static final class PartsBlock extends AbstractBlock {

        private static final byte VERSION = 1;

        PartsBlock(List<Part> learnable) {
            super(VERSION);
            for (Part part : learnable) {
                addChildBlock(part.name(), part.loss().parameterBlock().orElseThrow());
            }
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            for (Block child : children.values()) {
                child.initialize(manager, dataType, inputShapes);
            }
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                PairList<String, Object> params) {
            throw new UnsupportedOperationException(
                    "the parameters of a sum of losses are read by its parts, the block itself has no forward pass");
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[0];
        }
    }
}
