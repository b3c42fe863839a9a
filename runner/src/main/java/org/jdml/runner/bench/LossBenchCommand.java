package org.jdml.runner.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code jdml bench loss}: the cost of each loss against the batch size (not available yet). */
@Command(name = "loss", description = "Loss cost (forward and backward) against batch size.")
public final class LossBenchCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("jdml bench loss is not available yet in this version.");
        return 1;
    }
}
