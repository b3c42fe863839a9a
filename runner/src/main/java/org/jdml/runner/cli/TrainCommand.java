package org.jdml.runner.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code jdml train}. */
@Command(name = "train", description = "Trains a model from a configuration and evaluates it after every epoch.")
public final class TrainCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("jdml train is not available yet in this version.");
        return 1;
    }
}
