package org.jdml.runner.compare;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.report.RunLog;
import org.jdml.runner.train.RunFolder;

/**
 * One run as a comparison sees it: its resolved settings (every leaf of {@code jdml} in its
 * {@code config.conf}, rendered as text) and its metrics log.
 */
record ComparedRun(String name, RunFolder folder, Map<String, String> settings, RunLog log) {

    /** Settings that name the run, not what it did. */
    static final java.util.Set<String> IDENTITY = java.util.Set.of("jdml.run.name", "jdml.run.dir");

    static ComparedRun load(RunFolder folder) {
        Config config;
        try {
            config = ConfigFactory.parseFile(folder.config().toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
                    .resolve();
        } catch (ConfigException e) {
            throw new JdmlConfigurationException("The configuration of " + folder.dir() + " cannot be read: "
                    + e.getMessage());
        }
        Map<String, String> settings = new TreeMap<>();
        if (config.hasPath("jdml")) {
            for (Map.Entry<String, ConfigValue> e : config.getConfig("jdml").entrySet()) {
                ConfigValue v = e.getValue();
                settings.put("jdml." + e.getKey(), v.valueType() == com.typesafe.config.ConfigValueType.STRING
                        ? (String) v.unwrapped() : v.render(ConfigRenderOptions.concise()));
            }
        }
        RunLog log;
        try {
            log = Files.exists(folder.metrics()) ? RunLog.read(folder.metrics()) : RunLog.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder.metrics(), e);
        }
        return new ComparedRun(folder.name(), folder, settings, log);
    }

    /** What makes numbers comparable: the dataset and every setting of it (which classes, which split). */
    String datasetKey() {
        String dataset = settings.getOrDefault("jdml.dataset.name", "");
        StringBuilder key = new StringBuilder(dataset);
        String prefix = "jdml.dataset." + dataset + ".";
        settings.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                key.append('\n').append(k).append('=').append(v);
            }
        });
        return key.toString();
    }

    /** The last evaluation's metrics, empty when none was logged. */
    Map<String, Double> finalMetrics() {
        var evaluations = log.evaluations();
        return evaluations.isEmpty() ? Map.of() : evaluations.get(evaluations.size() - 1).metrics();
    }

    /** Mean wall time of the logged epochs, NaN without any. */
    double meanEpochSeconds() {
        return log.epochs().stream().mapToDouble(RunLog.Epoch::seconds).filter(Double::isFinite).average()
                .orElse(Double.NaN);
    }
}
