package org.jdml.retrieval;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jdml.api.config.JdmlConfigurationException;

/**
 * {@code manifest.json} of an index folder: written last, so a folder without it was left half-built.
 *
 * @param format this file's layout version
 * @param model the model whose embeddings the index holds
 * @param dataset the dataset's name
 * @param split which split was indexed (gallery, evaluation, training)
 * @param metric how the index ranks
 * @param items how many items it holds
 * @param hnsw the graph's settings
 * @param buildSeconds how long the build took
 */
public record IndexManifest(int format, ModelIdentity model, String dataset, String split, Metric metric, int items,
        HnswSettings hnsw, double buildSeconds) {

    public static final String FILE = "manifest.json";
    public static final int FORMAT = 1;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    IndexManifest withBuild(int count, double seconds) {
        return new IndexManifest(format, model, dataset, split, metric, count, hnsw, seconds);
    }

    void write(Path dir) throws IOException {
        Files.writeString(dir.resolve(FILE), GSON.toJson(this) + "\n", StandardCharsets.UTF_8);
    }

    /** @throws JdmlConfigurationException when the file is not a manifest of this format */
    static IndexManifest read(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            IndexManifest manifest = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), IndexManifest.class);
            if (manifest == null || manifest.model() == null || manifest.metric() == null || manifest.hnsw() == null) {
                throw new JsonParseException("fields missing");
            }
            if (manifest.format() != FORMAT) {
                throw new JdmlConfigurationException("The index " + dir + " has format " + manifest.format()
                        + "; this jdml reads format " + FORMAT + ": rebuild it with jdml index");
            }
            return manifest;
        } catch (IOException | JsonParseException e) {
            throw new JdmlConfigurationException("The index manifest " + file + " cannot be read (" + e.getMessage()
                    + "): rebuild the index with jdml index");
        }
    }
}
