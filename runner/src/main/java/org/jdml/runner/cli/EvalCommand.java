package org.jdml.runner.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code jdml eval}. */
@Command(name = "eval", description = "Re-evaluates a run folder's model.")
public final class EvalCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("jdml eval is not available yet in this version.");
        return 1;
    }
}
