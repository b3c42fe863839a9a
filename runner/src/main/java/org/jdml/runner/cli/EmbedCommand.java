package org.jdml.runner.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code jdml embed}. */
@Command(name = "embed", description = "Writes embeddings of a dataset with a run's model.")
public final class EmbedCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("jdml embed is not available yet in this version.");
        return 1;
    }
}
