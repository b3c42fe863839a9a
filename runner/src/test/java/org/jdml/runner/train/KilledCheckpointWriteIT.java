package org.jdml.runner.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jdml.runner.checkpoint.CheckpointStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed with SIGKILL in the middle of writing a checkpoint leaves its temporary file; the
 * next start of the run removes it and resumes from the newest intact checkpoint.
 */
class KilledCheckpointWriteIT {

    @TempDir
    Path runs;

    /** The child: starts a checkpoint write into {@code args[0]} that stops half-way and waits to be killed. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path started = Path.of(args[1]);
        new CheckpointStore(dir, 3).write(999, out -> out.section("model", o -> {
            o.write(new byte[1 << 20]);
            o.flush();
            Files.writeString(started, "writing");
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }));
    }

    private Config config(int epochs) {
        return TrainingFixtures.config("jdml.run.dir = \"" + runs + "\"", "jdml.run.name = killed",
                "jdml.train.epochs = " + epochs, "jdml.checkpoint.every-iterations = 4");
    }

    private TrainingRun.Summary run(Config config, boolean resume) {
        try (NDManager manager = NDManager.newBaseManager()) {
            RunFolder folder = resume ? RunFolder.existing("killed", runs) : RunFolder.create(config);
            return new TrainingRun(TrainingFixtures.components(config, manager), TrainingFixtures.settings(config),
                    folder, manager, config, List.of(), dir -> {}, resume).run();
        }
    }

    @Test
    void theLeftoverOfAKilledWriteIsRemovedAtTheNextStart() throws Exception {
        run(config(1), false);
        Path checkpoints = runs.resolve("killed/checkpoints");
        Path newest = new CheckpointStore(checkpoints, 3).latest().orElseThrow();
        Path started = runs.resolve("started");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KilledCheckpointWriteIT.class.getName(),
                checkpoints.toString(), started.toString()).inheritIO().start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(started) && System.nanoTime() < deadline && child.isAlive()) {
            Thread.sleep(50);
        }
        assertThat(started).as("the child began its write").exists();
        child.destroyForcibly(); // SIGKILL on Linux: no finally block runs
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(tempFiles(checkpoints)).hasSize(1);
        assertThat(new CheckpointStore(checkpoints, 3).latest()).contains(newest);

        TrainingRun.Summary resumed = run(config(2), true);
        assertThat(tempFiles(checkpoints)).isEmpty();
        // 320 items in batches of 32: the resumed run went on from iteration 10 to the second epoch's end
        assertThat(CheckpointStore.iterationOf(newest)).isEqualTo(10);
        assertThat(resumed.iterations()).isEqualTo(20);
    }

    private static List<Path> tempFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
