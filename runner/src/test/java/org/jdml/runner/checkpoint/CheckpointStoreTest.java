package org.jdml.runner.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    @TempDir
    Path dir;

    @Test
    void writesAtomicallyKeepsTheNewestAndReadsSectionsBack() throws IOException {
        CheckpointStore store = new CheckpointStore(dir.resolve("checkpoints"), 2);
        for (long it : new long[] {5, 10, 15}) {
            store.write(it, out -> {
                out.section("a", o -> o.writeLong(it * 2));
                out.section("b", o -> o.writeUTF("x" + it));
            });
        }
        assertThat(store.list()).extracting(p -> p.getFileName().toString())
                .containsExactly("checkpoint-00000010.ckpt", "checkpoint-00000015.ckpt");
        try (var files = Files.list(store.dir())) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }
        Path latest = store.latest().orElseThrow();
        long[] a = new long[1];
        String[] b = new String[1];
        long iteration = CheckpointStore.read(latest, in -> {
            in.section("a", i -> a[0] = i.readLong());
            in.section("b", i -> b[0] = i.readUTF());
        });
        assertThat(iteration).isEqualTo(15);
        assertThat(a[0]).isEqualTo(30);
        assertThat(b[0]).isEqualTo("x15");
        assertThat(CheckpointStore.iterationOf(latest)).isEqualTo(15);
        // a reader that needs only the first section skips the rest
        CheckpointStore.read(latest, in -> {
            in.section("a", i -> i.readLong());
            in.skipRest();
        });
    }

    @Test
    void aReaderThatDoesNotConsumeItsSectionExactlyIsCaughtThere() throws IOException {
        CheckpointStore store = new CheckpointStore(dir, 3);
        Path file = store.write(1, out -> out.section("sampler", o -> o.writeInt(7)));
        assertThatThrownBy(() -> CheckpointStore.read(file, in -> in.section("sampler", i -> i.readLong())))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("section 'sampler' is shorter");
        assertThatThrownBy(() -> CheckpointStore.read(file, in -> in.section("sampler", i -> i.readShort())))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("2 bytes its reader did not consume");
        assertThatThrownBy(() -> CheckpointStore.read(file, in -> in.section("miner", i -> {})))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("expected section 'miner'");
    }

    @Test
    void truncatedAndForeignFilesAreRefused() throws IOException {
        CheckpointStore store = new CheckpointStore(dir, 3);
        Path file = store.write(3, out -> out.section("a", o -> o.write(new byte[100])));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 50));
        assertThatThrownBy(() -> CheckpointStore.read(file, in -> in.section("a", i -> i.readNBytes(100))))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("truncated");
        Path foreign = dir.resolve("checkpoint-00000009.ckpt");
        Files.writeString(foreign, "not a checkpoint at all");
        assertThatThrownBy(() -> CheckpointStore.read(foreign, in -> {}))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("is not a jdml checkpoint");
        assertThat(store.list()).hasSize(2);
        assertThat(List.of(store.latest().orElseThrow())).containsExactly(foreign);
    }

    @Test
    void aDamagedByteAnywhereIsCaughtByTheChecksumBeforeAnythingIsRead() throws IOException {
        CheckpointStore store = new CheckpointStore(dir, 3);
        Path file = store.write(4, out -> out.section("a", o -> o.write(new byte[1000])));
        assertThat(CheckpointStore.verify(file)).isEmpty();
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10; // inside the section's zeros: its reader alone would not notice
        Files.write(file, bytes);
        assertThat(CheckpointStore.verify(file)).hasValueSatisfying(p -> assertThat(p).contains("checksum"));
        boolean[] read = new boolean[1];
        assertThatThrownBy(() -> CheckpointStore.read(file, in -> read[0] = true))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("damaged or truncated");
        assertThat(read[0]).isFalse();
    }

    @Test
    void theNewestIntactCheckpointIsFoundAndTheDamagedOnesAreNamed() throws IOException {
        CheckpointStore store = new CheckpointStore(dir, 5);
        for (long it : new long[] {10, 20, 30}) {
            store.write(it, out -> out.section("a", o -> o.writeLong(it)));
        }
        Path newest = store.fileFor(30);
        Path middle = store.fileFor(20);
        byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length - 3)); // truncated
        bytes = Files.readAllBytes(middle);
        bytes[bytes.length - 1] ^= 1; // a damaged checksum
        Files.write(middle, bytes);
        List<String> skipped = new java.util.ArrayList<>();
        assertThat(store.latestIntact((file, problem) -> skipped.add(file.getFileName() + ": " + problem)))
                .contains(store.fileFor(10));
        assertThat(skipped).hasSize(2);
        assertThat(skipped.get(0)).startsWith("checkpoint-00000030.ckpt: ").contains("truncated");
        assertThat(skipped.get(1)).startsWith("checkpoint-00000020.ckpt: ").contains("checksum");
    }

    @Test
    void theTemporaryFileOfAnInterruptedWriteIsRemovedAndNothingElse() throws IOException {
        CheckpointStore store = new CheckpointStore(dir, 3);
        Path kept = store.write(1, out -> out.section("a", o -> o.writeInt(1)));
        Path leftover = Files.write(dir.resolve(".checkpoint-2-123456.tmp"), new byte[] {1, 2, 3});
        Path unrelated = Files.writeString(dir.resolve("notes.tmp"), "mine");
        assertThat(store.removeLeftovers()).containsExactly(leftover);
        assertThat(leftover).doesNotExist();
        assertThat(kept).exists();
        assertThat(unrelated).exists();
    }
}
