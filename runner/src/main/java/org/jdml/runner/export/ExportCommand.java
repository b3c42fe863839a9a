package org.jdml.runner.export;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jdml.api.model.ReferenceLayout;
import org.jdml.runner.assembly.Environment;
import org.jdml.runner.checkpoint.CheckpointException;
import org.jdml.runner.command.ConfigOptions;
import org.jdml.runner.command.ExitCodes;
import org.jdml.runner.command.RunCommands;
import org.jdml.runner.engine.EngineSetup;
import org.jdml.runner.train.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jdml export RUN [--format safetensors] [--out FILE]}: writes the embedding network of a
 * run's newest checkpoint (backbone and embedding layer) as safetensors, by the reference's tensor
 * names where the backbone has a {@link ReferenceLayout} (see {@link ExportedNetwork}), and beside
 * it a JSON file of what rebuilding the network needs.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Writes a run's embedding network (newest checkpoint) for PyTorch: FILE (safetensors, by"
        + " torchvision's tensor names for resnet and googlenet, pretrainedmodels' for bninception, the embedding"
        + " layer as the classifier fc or last_linear) and FILE's .json (architecture, embedding size,"
        + " normalisation, the input the run used).")
public final class ExportCommand implements Callable<Integer> {

    /** The formats written. */
    enum Format { safetensors }

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    @Mixin
    ConfigOptions options;

    @Parameters(index = "0", paramLabel = "RUN", description = "The run folder: its name in jdml.run.dir, or a path.")
    String run;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "safetensors",
            description = "safetensors (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Where to write the tensors (default: RUN/export/model.safetensors).")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        RunCommands.Located located = RunCommands.locate(run, options, ConfigFactory.empty());
        Environment environment = located.environment();
        Config config = environment.config();
        EngineSetup.start(config);
        Path target = out != null ? out : located.folder().dir().resolve("export").resolve("model.safetensors");
        Path sidecar = sidecar(target);
        try (TrainedModel model = TrainedModel.load(config, environment.registries(), located.folder())) {
            ExportedNetwork exported = ExportedNetwork.of(model.network());
            JsonObject description = describe(model, exported, config);
            exported.tensors().metadata("format", "pt").metadata("jdml", description.toString());
            try {
                exported.tensors().write(target);
                Files.writeString(sidecar, GSON.toJson(description) + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + target, e);
            }
            var stdout = spec.commandLine().getOut();
            int count = exported.tensors().names().size();
            stdout.println("Wrote " + target + " (" + count + " tensors) and " + sidecar + " with "
                    + model.checkpoint().getFileName() + " of " + located.folder().dir());
            exported.layout().ifPresentOrElse(
                    layout -> stdout.println("Tensor names: " + layout.layoutName() + "'s; the embedding layer is "
                            + layout.headName() + " (" + exported.features() + " -> " + model.network().embeddingSize()
                            + ")" + (model.network().normalizes() ? ", L2-normalise its output" : "")
                            + ". Batch-norm counters num_batches_tracked are written as 0."),
                    () -> stdout.println("Note: the backbone '" + config.getString("jdml.backbone.name")
                            + "' has no reference layout: the tensors carry jdml's own parameter names (01backbone_...,"
                            + " 02embedding_weight, 02embedding_bias), which no PyTorch module loads as they are."));
            stdout.flush();
            return 0;
        } catch (CheckpointException e) {
            spec.commandLine().getErr().println("Cannot export: " + e.getMessage());
            return ExitCodes.CONFIGURATION_ERROR;
        }
    }

    /** FILE.safetensors's description: FILE.json. */
    static Path sidecar(Path tensors) {
        String name = tensors.getFileName().toString();
        String stem = name.endsWith(".safetensors") ? name.substring(0, name.length() - ".safetensors".length()) : name;
        return tensors.resolveSibling(stem + ".json");
    }

    /** What rebuilding the network from the tensors needs. */
    static JsonObject describe(TrainedModel model, ExportedNetwork exported, Config config) {
        JsonObject json = new JsonObject();
        String backbone = config.getString("jdml.backbone.name");
        json.addProperty("backbone", backbone);
        json.addProperty("architecture", exported.layout().map(ReferenceLayout::layoutName).orElse(backbone));
        json.addProperty("names", exported.layout().isPresent() ? "reference" : "jdml");
        exported.layout().ifPresent(layout -> json.addProperty("head", layout.headName()));
        json.addProperty("features", exported.features());
        json.addProperty("embedding-size", model.network().embeddingSize());
        json.addProperty("l2-normalized", model.network().normalizes());
        JsonObject input = new JsonObject();
        String dataset = config.getString("jdml.dataset.name");
        input.addProperty("dataset", dataset);
        JsonArray shape = new JsonArray();
        for (long d : model.dataset().evaluation().itemShape().getShape()) {
            shape.add(d);
        }
        input.add("item-shape", shape);
        for (String key : new String[] {"mean", "std"}) {
            String path = "jdml.dataset." + dataset + "." + key;
            if (config.hasPath(path)) {
                input.add(key, GSON.toJsonTree(config.getValue(path).unwrapped()));
            }
        }
        json.add("input", input);
        json.addProperty("checkpoint", model.checkpoint().getFileName().toString());
        json.addProperty("iteration", model.iteration());
        return json;
    }
}
