package org.jdml.api.config;

import java.util.List;
import org.jdml.api.Stable;

/**
 * Everything wrong with a run's configuration, found before training starts and reported at once,
 * numbered. Each problem names its key and where the value came from (file and line).
 */
@Stable
public final class JdmlConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public JdmlConfigurationException(List<String> problems) {
        super(format(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a configuration exception needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public JdmlConfigurationException(String problem) {
        this(List.of(problem));
    }

    /** The problems, unnumbered, in the order they were found. */
    public List<String> problems() {
        return problems;
    }

    private static String format(List<String> problems) {
        if (problems.size() == 1) {
            return "Configuration problem: " + problems.get(0);
        }
        StringBuilder text = new StringBuilder(problems.size() + " configuration problems:");
        for (int i = 0; i < problems.size(); i++) {
            text.append(System.lineSeparator()).append("  ").append(i + 1).append(". ").append(problems.get(i));
        }
        return text.toString();
    }
}
