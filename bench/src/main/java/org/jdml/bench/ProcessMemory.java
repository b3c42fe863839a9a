package org.jdml.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of this process and of the machine, from Linux's {@code /proc} (bytes; -1 where
 * unavailable). The benchmark uses it to stop a loss before a batch size whose tensors would not fit:
 * a batch-all miner's B x B x B arrays grow eightfold per doubling.
 */
public final class ProcessMemory {

    private ProcessMemory() {
    }

    /** Current resident set size. */
    public static long resident() {
        return statusField("VmRSS:");
    }

    /** Peak resident set size since the last {@link #resetPeak}. */
    public static long peak() {
        return statusField("VmHWM:");
    }

    /** Restarts the peak at the current size (Linux 4.0+); false where that is not possible. */
    static boolean resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Memory the machine can still give without swapping. */
    static long available() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return kilobytes(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    private static long statusField(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return kilobytes(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    private static long kilobytes(String line) {
        String[] f = line.trim().split("\\s+");
        return Long.parseLong(f[1]) * 1024;
    }
}
