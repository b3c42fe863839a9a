package org.jdml.spark;

import org.apache.spark.TaskContext;

/**
 * A fault that tests inject into the first attempt of one task (tasks run in the test's JVM on a
 * local master), to show that Spark's retry leaves the result unchanged. Off unless a test arms it.
 */
final class TaskFaults {

    private static volatile String stage;
    private static volatile int partition = -1;
    private static final java.util.concurrent.atomic.AtomicInteger FIRED = new java.util.concurrent.atomic.AtomicInteger();

    private TaskFaults() {}

    /** The first attempt of task {@code partition} of every job of {@code stage} ("embed", "evaluate") fails. */
    static void failFirstAttempt(String stage, int partition) {
        FIRED.set(0);
        TaskFaults.stage = stage;
        TaskFaults.partition = partition;
    }

    static void clear() {
        partition = -1;
        stage = null;
        FIRED.set(0);
    }

    /** How many injected failures happened since the fault was armed. */
    static int fired() {
        return FIRED.get();
    }

    static void check(String here) {
        TaskContext task = TaskContext.get();
        if (task != null && here.equals(stage) && task.partitionId() == partition && task.attemptNumber() == 0) {
            FIRED.incrementAndGet();
            throw new IllegalStateException("injected failure of " + here + " task " + partition + ", attempt 0");
        }
    }
}
