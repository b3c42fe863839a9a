package org.jdml.runner.command;

/** The exit codes of the {@code jdml} commands (docs/reliability.md lists what gives each). */
public final class ExitCodes {

    private ExitCodes() {}

    /** A bad configuration: unknown name, bad value, missing file. */
    public static final int CONFIGURATION_ERROR = 2;
    /** Data that cannot be read. */
    public static final int DATA_ERROR = 3;
    /** A run stopped by a non-finite or diverging loss. */
    public static final int TRAINING_STOPPED = 4;
    /** A file or folder that cannot be written or read (a full disk, no permission). */
    public static final int IO_ERROR = 5;
}
