package org.jdml.loss.triplet.mining;

import org.jdml.api.ComponentContext;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.mining.Miner;
import org.jdml.api.mining.MinerFactory;

/**
 * Builds the {@value #NAME} miner, an {@link AllTripletsMiner}: every valid triplet of the batch (the
 * same as no miner). It has no settings: {@code jdml.miner.all {}}.
 */
public final class AllMinerFactory implements MinerFactory {

    public static final String NAME = "all";

    public AllMinerFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Every valid triplet of the batch (batch-all)";
    }

    @Override
    public Miner create(ComponentSettings s, ComponentContext context) {
        return new AllTripletsMiner();
    }
}
