package org.jdml.runner.compare;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jdml.runner.assembly.Environment;
import org.jdml.runner.command.ConfigOptions;
import org.jdml.runner.train.RunFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jdml compare RUN RUN...}: a terminal table and an HTML page of several runs side by side. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compares runs: the settings that differ (from their config.conf), final metrics, metrics per "
                + "epoch, loss curves and time per epoch, as a table here and an HTML page. Runs on other datasets or "
                + "splits are marked not comparable.")
public final class CompareCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Parameters(arity = "2..*", paramLabel = "RUN", description = "Run folders: names in jdml.run.dir, or paths.")
    List<String> runs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "FILE.html", defaultValue = "compare.html",
            description = "The page to write (default: ${DEFAULT-VALUE}; plots go beside it into <name>-plots/).")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Environment environment = Environment.load(options.loader());
        Path runsDir = Path.of(environment.config().getString("jdml.run.dir"));
        List<ComparedRun> loaded = new ArrayList<>();
        for (String run : runs) {
            loaded.add(ComparedRun.load(RunFolder.existing(run, runsDir)));
        }
        RunComparison comparison = new RunComparison(loaded);
        try {
            new ComparePage(comparison, out).write();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
        PrintWriter printed = spec.commandLine().getOut();
        printed.print(comparison.table());
        printed.println("Wrote " + out.toAbsolutePath());
        printed.flush();
        return 0;
    }
}
