package org.jdml.runner.retrieval;

import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jdml.api.data.DataException;
import org.jdml.api.data.DataSplit;
import org.jdml.api.data.ItemImages;
import org.jdml.retrieval.Hit;
import org.jdml.retrieval.VectorIndex;
import org.jdml.runner.checkpoint.CheckpointException;
import org.jdml.runner.command.ConfigOptions;
import org.jdml.runner.command.ExitCodes;
import org.jdml.runner.command.RunCommands;
import org.jdml.runner.engine.EngineSetup;
import org.jdml.report.Npy;
import org.jdml.runner.train.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jdml search RUN --image a.jpg --item 123 --vectors q.npy -k 10}: the nearest items of each
 * query in the run's index. A query that cannot be answered (an unreadable picture, an item out of
 * range) is reported as such and the others still answer; the exit code is then {@value Jdml#DATA_ERROR}.
 */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Prints the nearest items of each query in a run's search index (built by jdml index), with "
                + "distance, label, class name and source. Pictures go through the run's evaluation transform and "
                + "model; the index must have been built by the same model.")
public final class SearchCommand implements Callable<Integer> {

    /** Output formats. */
    enum Format { table, json }

    @Mixin
    ConfigOptions options;

    @Parameters(index = "0", paramLabel = "RUN", description = "The run folder: its name in jdml.run.dir, or a path.")
    String run;

    @Option(names = "--index", paramLabel = "DIR", description = "The index (default: RUN/index).")
    Path indexDir;

    @Option(names = "--image", paramLabel = "FILE", description = "A picture to search with (repeatable).")
    List<Path> images = new ArrayList<>();

    @Option(names = "--item", paramLabel = "N", description = "An indexed item to search with, by position (repeatable).")
    List<Integer> items = new ArrayList<>();

    @Option(names = "--vectors", paramLabel = "FILE.npy",
            description = "Embeddings to search with, one query per row (N x D float32; repeatable).")
    List<Path> vectorFiles = new ArrayList<>();

    @Option(names = "-k", defaultValue = "10", description = "Neighbours per query (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--candidates", paramLabel = "N",
            description = "Graph candidates re-ranked exactly (default: jdml.index.candidates; 0: the graph's order).")
    Integer candidates;

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** One query: what it was and its vector, or why it has none. */
    record Query(String kind, String name, float[] vector, String error) {}

    /** A query's answer. */
    record Answer(Query query, List<Hit> hits) {}

    @Override
    public Integer call() {
        if (images.isEmpty() && items.isEmpty() && vectorFiles.isEmpty()) {
            spec.commandLine().getErr().println("Nothing to search with: give --image FILE, --item N or --vectors FILE.npy");
            return ExitCodes.CONFIGURATION_ERROR;
        }
        if (k < 1) {
            spec.commandLine().getErr().println("-k must be at least 1, was " + k);
            return ExitCodes.CONFIGURATION_ERROR;
        }
        RunCommands.Located located = RunCommands.locate(run, options, ConfigFactory.empty());
        Path dir = indexDir != null ? indexDir : RunModel.defaultIndex(located.folder());
        try (VectorIndex index = VectorIndex.open(dir)) {
            Config config = located.environment().config().withFallback(ConfigFactory.empty())
                    .withValue("jdml.dataset.name", ConfigValueFactory.fromAnyRef(index.manifest().dataset(),
                            "the index's manifest"));
            EngineSetup.start(config);
            int beam = candidates != null ? candidates : config.getInt("jdml.index.candidates");
            List<Query> queries = new ArrayList<>();
            try (TrainedModel model = TrainedModel.load(config, located.environment().registries(), located.folder())) {
                index.requireModel(RunModel.identity(located.folder(), model));
                queries.addAll(imageQueries(model));
            }
            for (int item : items) {
                queries.add(itemQuery(index, item));
            }
            for (Path file : vectorFiles) {
                queries.addAll(vectorQueries(file, index.dimension()));
            }
            List<Answer> answers = new ArrayList<>();
            for (Query query : queries) {
                answers.add(new Answer(query, query.vector() == null ? List.of() : index.search(query.vector(), k, beam)));
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(format == Format.json ? json(answers) : table(answers));
            out.flush();
            boolean failed = queries.stream().anyMatch(q -> q.error() != null);
            if (failed) {
                queries.stream().filter(q -> q.error() != null)
                        .forEach(q -> spec.commandLine().getErr().println("Data problem: " + q.error()));
            }
            return failed ? ExitCodes.DATA_ERROR : 0;
        } catch (CheckpointException e) {
            spec.commandLine().getErr().println("Cannot search: " + e.getMessage());
            return ExitCodes.CONFIGURATION_ERROR;
        }
    }

    /** Each picture through the evaluation transform, then all readable ones through the model at once. */
    private List<Query> imageQueries(TrainedModel model) {
        if (images.isEmpty()) {
            return List.of();
        }
        DataSplit evaluation = model.dataset().evaluation();
        ItemImages transform = evaluation.images().orElse(null);
        List<Query> out = new ArrayList<>();
        List<float[]> inputs = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        for (Path image : images) {
            if (transform == null) {
                out.add(new Query("image", image.toString(), null, "--image " + image + ": the run's dataset holds no"
                        + " pictures (it is made of vectors); search with --vectors instead"));
                continue;
            }
            try {
                inputs.add(transform.readFile(image));
                slots.add(out.size());
                out.add(null);
            } catch (DataException e) {
                out.add(new Query("image", image.toString(), null, e.getMessage()));
            }
        }
        if (!inputs.isEmpty()) {
            QueryItems split = new QueryItems(inputs, evaluation.itemShape());
            try (NDManager work = model.manager().newSubManager()) {
                int[] all = new int[inputs.size()];
                Arrays.setAll(all, i -> i);
                float[] vectors = model.embedder().embed(split, all, work, done -> {}).toFloatArray();
                int dim = vectors.length / inputs.size();
                for (int i = 0; i < slots.size(); i++) {
                    out.set(slots.get(i), new Query("image", images.get(slots.get(i)).toString(),
                            Arrays.copyOfRange(vectors, i * dim, (i + 1) * dim), null));
                }
            }
        }
        return out;
    }

    private static Query itemQuery(VectorIndex index, int item) {
        if (item < 0 || item >= index.size()) {
            return new Query("item", Integer.toString(item), null, "--item " + item + ": the index holds items 0.."
                    + (index.size() - 1));
        }
        return new Query("item", Integer.toString(item), index.vector(item), null);
    }

    private static List<Query> vectorQueries(Path file, int dim) {
        try {
            long[] shape = Npy.readShape(file);
            if (shape.length > 2 || shape.length == 0 || shape[shape.length - 1] != dim) {
                return List.of(new Query("vectors", file.toString(), null, file + " holds an array of shape "
                        + Arrays.toString(shape) + "; the index needs rows of " + dim + " float32 values"));
            }
            float[] values = Npy.readFloats(file);
            List<Query> out = new ArrayList<>();
            for (int row = 0; row < values.length / dim; row++) {
                out.add(new Query("vector", file.getFileName() + " row " + row,
                        Arrays.copyOfRange(values, row * dim, (row + 1) * dim), null));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return List.of(new Query("vectors", file.toString(), null, "Cannot read " + file + ": "
                    + (e.getMessage() == null ? e : e.getMessage())));
        }
    }

    static String table(List<Answer> answers) {
        StringBuilder text = new StringBuilder();
        for (Answer answer : answers) {
            Query q = answer.query();
            text.append(q.kind()).append(' ').append(q.name()).append('\n');
            if (q.error() != null) {
                text.append("  cannot search: ").append(q.error()).append("\n\n");
                continue;
            }
            int classWidth = Math.max(5, answer.hits().stream().mapToInt(h -> h.className().length()).max().orElse(5));
            String row = "  %4s  %8s  %8s  %6s  %-" + classWidth + "s  %s%n";
            text.append(String.format(Locale.ROOT, row, "rank", "distance", "item", "label", "class", "source"));
            int rank = 1;
            for (Hit hit : answer.hits()) {
                text.append(String.format(Locale.ROOT, row, rank++, String.format(Locale.ROOT, "%.4f", hit.distance()),
                        hit.position(), hit.label(), hit.className(), hit.source()));
            }
            text.append('\n');
        }
        return text.toString();
    }

    static String json(List<Answer> answers) {
        JsonArray array = new JsonArray();
        for (Answer answer : answers) {
            JsonObject o = new JsonObject();
            o.addProperty("query", answer.query().name());
            o.addProperty("kind", answer.query().kind());
            if (answer.query().error() != null) {
                o.addProperty("error", answer.query().error());
            } else {
                JsonArray hits = new JsonArray();
                int rank = 1;
                for (Hit hit : answer.hits()) {
                    JsonObject h = new JsonObject();
                    h.addProperty("rank", rank++);
                    h.addProperty("item", hit.position());
                    h.addProperty("distance", hit.distance());
                    h.addProperty("label", hit.label());
                    h.addProperty("class", hit.className());
                    h.addProperty("source", hit.source());
                    hits.add(h);
                }
                o.add("neighbours", hits);
            }
            array.add(o);
        }
        return new GsonBuilder().setPrettyPrinting().create().toJson(array) + "\n";
    }
}
