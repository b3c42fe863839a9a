package org.jdml.bench;

import org.jdml.runner.command.CommandExtension;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code jdml bench iteration|loss|data|memory|index}: speed and memory measurements. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures speed and memory: seconds per training iteration, loss cost against batch size, "
                + "image pipeline throughput and the training step's wait for data, resident memory over a run, the search index.",
        subcommands = {IterationBenchCommand.class, BackboneBenchCommand.class, LossBenchCommand.class, DataBenchCommand.class,
                MemoryBenchCommand.class, IndexBenchCommand.class})
public final class BenchCommand implements Runnable, CommandExtension {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
