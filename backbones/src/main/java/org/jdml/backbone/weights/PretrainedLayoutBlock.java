package org.jdml.backbone.weights;

import ai.djl.nn.Block;
import java.nio.file.Path;
import org.jdml.api.model.PretrainedWeights;

/**
 * A {@link LayoutBlock} whose weights come from a safetensors file in the reference's names. Only
 * this kind implements {@link PretrainedWeights}, so the host loads weights exactly when a backbone
 * has a file to load.
 */
public final class PretrainedLayoutBlock extends LayoutBlock implements PretrainedWeights {

    private final Path file;

    PretrainedLayoutBlock(Block network, Layout layout, Path file) {
        super(network, layout);
        this.file = file;
    }

    public Path file() {
        return file;
    }

    @Override
    public String loadPretrained() {
        return WeightsFile.load(file, layout(), getParameters().values());
    }
}
