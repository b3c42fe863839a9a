package org.jdml.backbone;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jdml.api.ComponentContext;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.model.BackboneFactory;

/**
 * {@value #NAME}: a TorchScript module saved by {@code torch.jit.script(model).save(path)}, loaded
 * with its parameters trainable and trained end to end. Settings under
 * {@code jdml.backbone.torchscript}:
 *
 * <pre>{@code
 * torchscript { path = "backbone.pt" }
 * }</pre>
 *
 * <p>The module's batch-norm buffers are not exposed to DJL as parameters, so checkpoints hold its
 * parameters but not its running statistics.
 */
public final class TorchScriptBackboneFactory implements BackboneFactory {

    public static final String NAME = "torchscript";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "A scripted PyTorch module (.pt), trained end to end";
    }

    @Override
    public Block create(ComponentSettings settings, ComponentContext context) {
        String path = settings.getString("path");
        if (!settings.check(!path.isBlank(), "path", "must name a TorchScript file (.pt)")) {
            return null;
        }
        Path file = Path.of(path);
        if (!settings.check(Files.isRegularFile(file), "path", "must be an existing file (looked at "
                + file.toAbsolutePath() + ")")) {
            return null;
        }
        Model model = Model.newInstance("torchscript-backbone", context.manager().getDevice(), "PyTorch");
        try {
            model.load(file, null, Map.of("trainParam", "true"));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            settings.problem("path", "cannot be loaded as TorchScript: " + e.getMessage());
            return null;
        }
        return new TorchScriptBackbone(model);
    }
}
