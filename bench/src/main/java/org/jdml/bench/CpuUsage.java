package org.jdml.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the machine was while a measurement ran, from {@code /proc/stat} (all processes) and
 * {@code /proc/self/stat} (this one): timings taken while other processes used the cores are not
 * comparable, so benchmarks report the others' share. Linux only; elsewhere the share is NaN.
 */
public final class CpuUsage {

    private final long totalStart;
    private final long busyStart;
    private final long selfStart;
    private final int cores;

    private CpuUsage(long total, long busy, long self) {
        this.totalStart = total;
        this.busyStart = busy;
        this.selfStart = self;
        this.cores = Runtime.getRuntime().availableProcessors();
    }

    /** Starts measuring. */
    public static CpuUsage start() {
        long[] machine = machine();
        return new CpuUsage(machine[0], machine[1], self());
    }

    /**
     * The share of the machine's CPU time (all cores) that other processes used since {@link #start},
     * in [0, 1], or NaN when /proc is not readable.
     */
    public double othersShare() {
        long[] machine = machine();
        long total = machine[0] - totalStart;
        if (total <= 0 || machine[0] < 0) {
            return Double.NaN;
        }
        long others = (machine[1] - busyStart) - (self() - selfStart);
        return Math.max(0, Math.min(1, others / (double) total));
    }

    /** The share of the machine's CPU time this process used since {@link #start}. */
    public double selfShare() {
        long[] machine = machine();
        long total = machine[0] - totalStart;
        return total <= 0 ? Double.NaN : Math.min(1, (self() - selfStart) / (double) total);
    }

    public int cores() {
        return cores;
    }

    /** {total, busy} jiffies over all cores; busy excludes idle and iowait. */
    private static long[] machine() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = cpu.trim().split("\\s+");
            long total = 0;
            // user nice system idle iowait irq softirq steal (guest time is already in user)
            for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
            return new long[] {total, total - idle};
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }

    /** utime + stime of this process, in jiffies. */
    private static long self() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split("\\s+");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
