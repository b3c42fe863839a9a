package org.jdml.runner.train;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.runner.assembly.ComponentInfo;

/**
 * A run's folder, {@code <jdml.run.dir>/<name>/}: {@code config.conf} (the resolved configuration;
 * {@code jdml train -c config.conf} repeats the run), {@code components.txt} and {@code .json},
 * {@code metrics.jsonl}, {@code checkpoints/}, {@code embeddings/}, {@code report.html}, and the
 * dataset's records (for glyphs: the font files and the classes).
 */
public final class RunFolder {

    public static final String CONFIG = "config.conf";
    /** What the run used, by kind, name, version and jar. */
    public static final String COMPONENTS_JSON = "components.json";
    public static final String METRICS = "metrics.jsonl";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private final Path dir;

    private RunFolder(Path dir) {
        this.dir = dir;
    }

    /**
     * A new run's folder: {@code jdml.run.name}, or {@code <loss>-<yyyyMMdd-HHmmss>} when it is empty.
     *
     * @throws JdmlConfigurationException if the folder already holds a run
     */
    public static RunFolder create(Config config) {
        Path parent = Path.of(config.getString("jdml.run.dir"));
        String name = config.getString("jdml.run.name");
        if (name.isBlank()) {
            String base = config.getString("jdml.loss.name") + "-" + LocalDateTime.now().format(STAMP);
            name = base;
            for (int n = 2; Files.exists(parent.resolve(name)); n++) {
                name = base + "-" + n;
            }
        }
        Path dir = parent.resolve(name);
        if (Files.exists(dir.resolve(METRICS)) || Files.exists(dir.resolve("checkpoints"))) {
            throw new JdmlConfigurationException("The run folder " + dir + " already holds a run: continue it with "
                    + "jdml train --resume " + name + ", or choose another jdml.run.name");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new JdmlConfigurationException("Cannot create the run folder " + dir.toAbsolutePath() + " (under jdml.run.dir): "
                    + org.jdml.api.data.DataException.reason(e));
        }
        return new RunFolder(dir);
    }

    /**
     * An existing run's folder: {@code run} as a path when it is a folder with a {@code config.conf},
     * else a name inside {@code runsDir}.
     */
    public static RunFolder existing(String run, Path runsDir) {
        Path direct = Path.of(run);
        Path dir = Files.isRegularFile(direct.resolve(CONFIG)) ? direct : runsDir.resolve(run);
        if (!Files.isRegularFile(dir.resolve(CONFIG))) {
            throw new JdmlConfigurationException("No run folder '" + run + "': neither " + direct.toAbsolutePath()
                    + " nor " + runsDir.resolve(run).toAbsolutePath() + " holds a " + CONFIG);
        }
        return new RunFolder(dir);
    }

    /**
     * Deletes the folder of a run that failed before it trained anything (no checkpoint, no line in
     * {@code metrics.jsonl}), so that a configuration mistake leaves no empty run behind. A folder that
     * holds anything else is kept.
     *
     * @return whether the folder was removed
     */
    public boolean removeIfNothingTrained() {
        try {
            Path metrics = dir.resolve(METRICS);
            if (Files.exists(checkpoints()) || (Files.exists(metrics) && Files.size(metrics) > 0)) {
                return false;
            }
            java.util.List<Path> entries;
            try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
                entries = files.sorted(java.util.Comparator.reverseOrder()).toList();
            }
            for (Path entry : entries) {
                Files.deleteIfExists(entry);
            }
            return true;
        } catch (IOException e) {
            return false; // keeping a folder is harmless; the configuration problem is what the user must see
        }
    }

    public Path dir() {
        return dir;
    }

    public String name() {
        return dir.getFileName().toString();
    }

    public Path config() {
        return dir.resolve(CONFIG);
    }

    public Path metrics() {
        return dir.resolve(METRICS);
    }

    public Path checkpoints() {
        return dir.resolve("checkpoints");
    }

    public Path embeddings() {
        return dir.resolve("embeddings");
    }

    /** Writes the resolved {@code jdml} settings as HOCON that {@code -c} reads back to the same values. */
    public void writeConfig(Config config) {
        String text = "# The resolved configuration of this run; jdml train -c " + CONFIG + " repeats it.\n"
                + config.withOnlyPath("jdml").root().render(ConfigRenderOptions.defaults()
                        .setOriginComments(false).setComments(false).setJson(false).setFormatted(true));
        write(config(), text);
    }

    /** Writes {@code components.txt} (one line each) and {@code components.json}. */
    public void writeComponents(List<ComponentInfo> used) {
        StringBuilder text = new StringBuilder();
        JsonArray array = new JsonArray();
        for (ComponentInfo info : used) {
            text.append(info).append('\n');
            JsonObject o = new JsonObject();
            o.addProperty("kind", info.kind());
            o.addProperty("name", info.name());
            o.addProperty("version", info.version());
            o.addProperty("jar", info.location());
            o.addProperty("factory", info.factoryClass());
            o.addProperty("description", info.description());
            array.add(o);
        }
        write(dir.resolve("components.txt"), text.toString());
        write(dir.resolve(COMPONENTS_JSON), new GsonBuilder().setPrettyPrinting().create().toJson(array) + "\n");
    }

    /** Writes the dataset's records (file name to text, see {@code MetricDataset.records()}) into the folder. */
    public void writeRecords(java.util.Map<String, String> records) {
        records.forEach((name, text) -> write(dir.resolve(name), text));
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
