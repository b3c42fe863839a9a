package org.jdml.runner.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jdml.api.ComponentFactory;
import org.jdml.api.ComponentKind;
import org.jdml.api.Registry;
import org.jdml.runner.assembly.ComponentInfo;
import org.jdml.runner.assembly.Environment;
import org.jdml.runner.command.ConfigOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jdml plugins}: every component found, with its version, jar and settings. */
@Command(name = "plugins", mixinStandardHelpOptions = true, description = "Lists every component on the classpath and in the plugins folder.")
public final class PluginsCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--brief", description = "Names, versions and jars only; no settings.")
    boolean brief;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Settings that belong to the run rather than to a component. */
    private static final java.util.List<String> RUN_SECTIONS =
            java.util.List.of("jdml.run", "jdml.plugins", "jdml.model", "jdml.train", "jdml.checkpoint", "jdml.eval",
                    "jdml.index", "jdml.report.retrieval");

    @Override
    public Integer call() {
        Environment environment = Environment.load(options.loader());
        PrintWriter out = spec.commandLine().getOut();
        Config reference = org.jdml.api.config.References.of(environment.classLoader());
        out.println("Plugins folder: " + (environment.classLoader().jars().isEmpty() ? "no jars"
                : environment.classLoader().jars().size() + " jar(s): " + environment.classLoader().jars()));
        for (ComponentKind<?> kind : ComponentKind.ALL) {
            Registry<?> registry = environment.registries().of(kind);
            String selected = environment.config().getString(kind.selectorPath());
            out.println();
            out.println(capitalized(kind.plural()) + " (" + kind.selectorPath() + " = " + selected + ")");
            if (registry.names().isEmpty()) {
                out.println("  (none registered)");
            }
            for (ComponentFactory<?> factory : registry.factories()) {
                ComponentInfo info = ComponentInfo.of(kind, factory);
                out.println("  - " + info.name() + " (version " + info.version() + ", jar: " + info.location() + ")"
                        + (info.name().equals(selected) ? "  [selected]" : ""));
                if (!info.description().isEmpty()) {
                    wrap(info.description(), terminalWidth() - 6).forEach(line -> out.println("      " + line));
                }
                if (!brief) {
                    printSettings(out, reference, environment.config(), kind.settingsPath(info.name()));
                }
            }
        }
        if (!brief) {
            out.println();
            out.println("Run settings (the runner's own)");
            for (String section : RUN_SECTIONS) {
                if (reference.hasPath(section)) {
                    printSettings(out, reference, environment.config(), section);
                }
            }
        }
        out.flush();
        return 0;
    }

    private static void printSettings(PrintWriter out, Config reference, Config effective, String path) {
        if (!reference.hasPath(path)) {
            out.println("      settings: none documented (no reference.conf defines " + path + ")");
            return;
        }
        Config defaults = reference.getConfig(path);
        if (defaults.isEmpty()) {
            return;
        }
        out.println("      settings (" + path + "):");
        for (Map.Entry<String, ConfigValue> entry : flatten(defaults).entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue().render(com.typesafe.config.ConfigRenderOptions.concise());
            String now = effective.hasPathOrNull(path + "." + key)
                    ? effective.getValue(path + "." + key).render(com.typesafe.config.ConfigRenderOptions.concise())
                    : value;
            String comment = String.join(" ", entry.getValue().origin().comments()).trim();
            out.println("        " + key + " = " + value + (now.equals(value) ? "" : "  (this run: " + now + ")"));
            for (String line : wrap(comment, terminalWidth() - COMMENT_INDENT.length())) {
                out.println(COMMENT_INDENT + line);
            }
        }
    }

    private static final String COMMENT_INDENT = "            # ";

    /** The terminal's width from {@code COLUMNS} (set by most shells), else 100; at least 60. */
    static int terminalWidth() {
        try {
            return Math.max(60, Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100").trim()));
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    /** {@code text} in lines of at most {@code width} characters, broken at spaces (a longer word stands alone). */
    static java.util.List<String> wrap(String text, int width) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    private static Map<String, ConfigValue> flatten(Config config) {
        Map<String, ConfigValue> leaves = new java.util.TreeMap<>();
        config.entrySet().forEach(e -> leaves.put(e.getKey(), e.getValue()));
        config.root().forEach((key, value) -> {
            if (value instanceof com.typesafe.config.ConfigObject object && object.isEmpty()) {
                leaves.put(key, value);
            }
        });
        return leaves;
    }

    private static String capitalized(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
