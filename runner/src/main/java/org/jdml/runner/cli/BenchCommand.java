package org.jdml.runner.cli;

import org.jdml.runner.bench.LossBenchCommand;
import org.jdml.runner.bench.MemoryBenchCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code jdml bench iteration|loss|memory}: speed measurements. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures speed and memory: seconds per training iteration, loss cost against batch size, "
                + "resident memory over a run.",
        subcommands = {IterationBenchCommand.class, LossBenchCommand.class, MemoryBenchCommand.class})
public final class BenchCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
