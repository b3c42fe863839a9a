package org.jdml.runner.command;

/**
 * A top-level {@code jdml} command that a module outside the runner adds: an implementation is a
 * picocli {@code @Command} with a public no-argument constructor, listed in
 * {@code META-INF/services/org.jdml.runner.command.CommandExtension}. The benchmarks come this way,
 * so that they are on the classpath only when they run ({@code ./jdml bench ...}).
 */
public interface CommandExtension {}
