package org.jdml.backbone;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.util.List;
import org.jdml.api.ComponentContext;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.model.BackboneFactory;
import org.jdml.backbone.nn.BatchNorm;

/**
 * {@value #NAME}: a multilayer perceptron for vector items (B, D), Linear-[BatchNorm]-ReLU per hidden
 * layer. With no hidden layer the features are the input itself. Settings under
 * {@code jdml.backbone.mlp}:
 *
 * <pre>{@code
 * mlp { hidden = [64], batch-norm = true }
 * }</pre>
 */
public final class MlpBackboneFactory implements BackboneFactory {

    public static final String NAME = "mlp";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Linear-BatchNorm-ReLU layers for vector items";
    }

    @Override
    public Block create(ComponentSettings settings, ComponentContext context) {
        List<Integer> hidden = settings.getIntList("hidden");
        boolean batchNorm = settings.getBoolean("batch-norm");
        settings.check(hidden.stream().allMatch(h -> h >= 1), "hidden", "must all be >= 1");
        SequentialBlock net = new SequentialBlock();
        if (hidden.isEmpty()) {
            net.add(Blocks.identityBlock());
        }
        for (int width : hidden) {
            net.add(Linear.builder().setUnits(Math.max(1, width)).build());
            if (batchNorm) {
                net.add(BatchNorm.builder().build());
            }
            net.add(Activation.reluBlock());
        }
        return net;
    }
}
