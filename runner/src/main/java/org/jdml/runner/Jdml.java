package org.jdml.runner;

import org.jdml.api.Components;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.api.data.DataException;
import org.jdml.runner.cli.DatasetCommand;
import org.jdml.runner.cli.EmbedCommand;
import org.jdml.runner.cli.EvalCommand;
import org.jdml.runner.cli.PluginsCommand;
import org.jdml.runner.cli.TrainCommand;
import org.jdml.runner.command.CommandExtension;
import org.jdml.runner.command.ExitCodes;
import org.jdml.runner.compare.CompareCommand;
import org.jdml.runner.export.ExportCommand;
import org.jdml.runner.retrieval.IndexCommand;
import org.jdml.runner.retrieval.SearchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jdml} command line. */
@Command(name = "jdml", mixinStandardHelpOptions = true, versionProvider = Jdml.Version.class,
        description = "Deep metric learning for the JVM: train, evaluate and compare embedding networks.",
        footer = {"", "Benchmarks: jdml bench iteration|backbones|loss|data|memory|index (the bench module, which ./jdml"
                + " puts on the classpath for jdml bench only).", "Beyond one machine: jdml spark embed|eval|bench (the"
                + " spark module, on the classpath for jdml spark only)."},
        subcommands = {PluginsCommand.class, TrainCommand.class, EvalCommand.class, EmbedCommand.class,
                ExportCommand.class, IndexCommand.class, SearchCommand.class, CompareCommand.class, DatasetCommand.class})
public final class Jdml implements Runnable {

    /** Exit code for a bad configuration (unknown name, bad value, missing file). */
    public static final int CONFIGURATION_ERROR = ExitCodes.CONFIGURATION_ERROR;
    /** Exit code for data that cannot be read. */
    public static final int DATA_ERROR = ExitCodes.DATA_ERROR;
    /** Exit code for a file or folder that cannot be written or read (a full disk, no permission). */
    public static final int IO_ERROR = ExitCodes.IO_ERROR;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with jdml's error handling: expected problems print as messages, not traces. */
    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new Jdml());
        // commands of modules on the classpath now (the benchmarks, under ./jdml bench)
        for (CommandExtension extension : java.util.ServiceLoader.load(CommandExtension.class, Jdml.class.getClassLoader())) {
            line.addSubcommand(extension);
        }
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof JdmlConfigurationException) {
                cmd.getErr().println(e.getMessage());
                return CONFIGURATION_ERROR;
            }
            if (e instanceof DataException) {
                cmd.getErr().println("Data problem: " + e.getMessage());
                return DATA_ERROR;
            }
            if (e instanceof com.typesafe.config.ConfigException config) {
                // a value of the wrong type read outside a component's validated settings
                cmd.getErr().println("Configuration problem: " + config.getMessage());
                return CONFIGURATION_ERROR;
            }
            java.io.IOException io = ioCause(e);
            if (io != null) {
                cmd.getErr().println("I/O problem: " + chain(e) + ". Nothing was lost that a checkpoint holds: fix"
                        + " the cause (free space, permissions) and run again, or resume with jdml train --resume.");
                return IO_ERROR;
            }
            throw e;
        });
        return line;
    }

    /** The first {@link java.io.IOException} in the cause chain, or null. */
    static java.io.IOException ioCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException io) {
                return io;
            }
        }
        return null;
    }

    /** The messages of the cause chain, each once: "cannot write X: No space left on device". */
    static String chain(Throwable e) {
        return org.jdml.runner.io.PlainErrors.chain(e);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The runner jar's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"jdml " + Components.versionOf(Jdml.class)};
        }
    }
}
