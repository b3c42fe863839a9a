package org.jdml.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jdml.runner.Jdml;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command and subcommand answers --help with its usage, exit 0, and no picocli warning. */
public class HelpTest {

    @Test
    void everyCommandHasCleanHelp() {
        assertThat(assertCleanHelpUnder(List.of())).extracting(path -> String.join(" ", path))
                .contains("plugins", "train", "eval", "embed", "export", "index", "search", "compare", "dataset");
    }

    /**
     * Checks {@code --help} of every command below {@code prefix} (the whole tree when empty; the
     * commands of another module on the classpath, such as {@code bench}, are included).
     *
     * @return the command paths checked
     */
    public static List<List<String>> assertCleanHelpUnder(List<String> prefix) {
        CommandLine start = Jdml.commandLine();
        for (String name : prefix) {
            assertThat(start.getSubcommands()).as("jdml %s", String.join(" ", prefix)).containsKey(name);
            start = start.getSubcommands().get(name);
        }
        List<List<String>> paths = new ArrayList<>();
        if (!prefix.isEmpty()) {
            paths.add(new ArrayList<>(prefix));
        }
        collect(start, new ArrayList<>(prefix), paths);
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            StringWriter out = new StringWriter();
            PrintStream systemErr = System.err;
            ByteArrayOutputStream warnings = new ByteArrayOutputStream();
            int exit;
            try {
                System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
                CommandLine line = Jdml.commandLine();
                line.setOut(new PrintWriter(out));
                exit = line.execute(args.toArray(String[]::new));
            } finally {
                System.setErr(systemErr);
            }
            assertThat(exit).as(String.join(" ", args)).isZero();
            assertThat(out.toString()).as(String.join(" ", args)).contains("Usage: jdml");
            assertThat(warnings.toString(StandardCharsets.UTF_8)).as(String.join(" ", args)).doesNotContain("WARN");
        }
        return paths;
    }

    private static void collect(CommandLine line, List<String> prefix, List<List<String>> into) {
        for (var entry : line.getSubcommands().entrySet()) {
            List<String> path = new ArrayList<>(prefix);
            path.add(entry.getKey());
            into.add(path);
            collect(entry.getValue(), path, into);
        }
    }
}
