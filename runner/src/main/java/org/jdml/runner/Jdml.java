package org.jdml.runner;

import org.jdml.api.Components;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.api.data.DataException;
import org.jdml.runner.cli.BenchCommand;
import org.jdml.runner.cli.DatasetCommand;
import org.jdml.runner.cli.EmbedCommand;
import org.jdml.runner.cli.EvalCommand;
import org.jdml.runner.cli.PluginsCommand;
import org.jdml.runner.cli.TrainCommand;
import org.jdml.runner.compare.CompareCommand;
import org.jdml.runner.retrieval.IndexCommand;
import org.jdml.runner.retrieval.SearchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jdml} command line. */
@Command(name = "jdml", mixinStandardHelpOptions = true, versionProvider = Jdml.Version.class,
        description = "Deep metric learning for the JVM: train, evaluate and compare embedding networks.",
        subcommands = {PluginsCommand.class, TrainCommand.class, EvalCommand.class, EmbedCommand.class,
                IndexCommand.class, SearchCommand.class, CompareCommand.class, BenchCommand.class, DatasetCommand.class})
public final class Jdml implements Runnable {

    /** Exit code for a bad configuration (unknown name, bad value, missing file). */
    public static final int CONFIGURATION_ERROR = 2;
    /** Exit code for data that cannot be read. */
    public static final int DATA_ERROR = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with jdml's error handling: expected problems print as messages, not traces. */
    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new Jdml());
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof JdmlConfigurationException) {
                cmd.getErr().println(e.getMessage());
                return CONFIGURATION_ERROR;
            }
            if (e instanceof DataException) {
                cmd.getErr().println("Data problem: " + e.getMessage());
                return DATA_ERROR;
            }
            throw e;
        });
        return line;
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
