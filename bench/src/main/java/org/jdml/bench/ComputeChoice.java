package org.jdml.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One way for the network to compute, as the benchmarks take it ({@code --compute fp32,bf16+channels-last}):
 * a {@code jdml.train.precision} and, after a "+", a {@code jdml.train.memory-format}.
 */
record ComputeChoice(String precision, String memoryFormat) {

    private static final Set<String> PRECISIONS = Set.of("fp32", "bf16", "fp16", "auto");
    private static final Set<String> FORMATS = Set.of("contiguous", "channels-last");

    static ComputeChoice parse(String text) {
        String[] parts = text.trim().split("\\+", -1);
        if (parts.length > 2 || !PRECISIONS.contains(parts[0]) || (parts.length == 2 && !FORMATS.contains(parts[1]))) {
            throw new picocli.CommandLine.TypeConversionException("'" + text + "' is not a precision (fp32, bf16, fp16,"
                    + " auto) with an optional memory format after a '+' (channels-last, contiguous), e.g."
                    + " bf16+channels-last");
        }
        return new ComputeChoice(parts[0], parts.length == 2 ? parts[1] : "contiguous");
    }

    /** fp32, bf16+channels-last, ...: the way it was written, without a contiguous suffix. */
    String label() {
        return precision + (memoryFormat.equals("contiguous") ? "" : "+" + memoryFormat);
    }

    boolean isPlain() {
        return precision.equals("fp32") && memoryFormat.equals("contiguous");
    }

    /** The settings that select it, for a benchmark's configuration. */
    List<String> settings() {
        List<String> sets = new ArrayList<>();
        sets.add("jdml.train.precision = " + precision);
        sets.add("jdml.train.memory-format = " + memoryFormat);
        return sets;
    }

    /** The label of what a run's configuration computes in. */
    static String of(com.typesafe.config.Config config) {
        String precision = config.hasPath("jdml.train.precision") ? config.getString("jdml.train.precision") : "fp32";
        String format = config.hasPath("jdml.train.memory-format") ? config.getString("jdml.train.memory-format")
                : "contiguous";
        return new ComputeChoice(precision, format).label();
    }
}
