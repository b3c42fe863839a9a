package org.jdml.engine.pytorch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The processor's name and instruction-set flags, as Linux lists them in {@code /proc/cpuinfo}
 * (the first processor's entry: every core of a machine has the same flags).
 *
 * @param model the model name, or "the CPU" when the file names none
 * @param flags the flags; empty when the file could not be read
 * @param source where they were read, for messages
 */
record CpuFeatures(String model, Set<String> flags, String source) {

    /** The file read, unless the system property {@value #PROPERTY} names another (a test's). */
    static final Path CPUINFO = Path.of("/proc/cpuinfo");
    static final String PROPERTY = "jdml.cpuinfo";

    /** This machine's. */
    static CpuFeatures current() {
        Path file = Optional.ofNullable(System.getProperty(PROPERTY)).map(Path::of).orElse(CPUINFO);
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException | RuntimeException e) {
            return new CpuFeatures("the CPU", Set.of(), file + " (unreadable: " + e.getMessage() + ")");
        }
    }

    /** The features of a {@code /proc/cpuinfo} text. */
    static CpuFeatures parse(String cpuinfo, String source) {
        String model = "the CPU";
        Set<String> flags = Set.of();
        boolean haveModel = false;
        boolean haveFlags = false;
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (!haveModel && key.equals("model name") && !value.isEmpty()) {
                model = value;
                haveModel = true;
            } else if (!haveFlags && key.equals("flags")) {
                flags = Arrays.stream(value.split("\\s+")).filter(f -> !f.isEmpty()).collect(Collectors.toUnmodifiableSet());
                haveFlags = true;
            }
        }
        return new CpuFeatures(model, flags, source);
    }

    boolean has(String flag) {
        return flags.contains(flag);
    }
}
