package org.jdml.runner.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code jdml bench}. */
@Command(name = "bench", description = "Measures speed: seconds per iteration, loss cost against batch size.")
public final class BenchCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("jdml bench is not available yet in this version.");
        return 1;
    }
}
