package org.jdml.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

/** How the command line words an I/O failure deep inside a run (a full disk while checkpointing). */
class JdmlErrorsTest {

    @Test
    void aFullDiskNamesTheFileAndTheReasonOnceWithoutClassNames() {
        IOException disk = new FileSystemException("/runs/r/checkpoints/.checkpoint-40-1.tmp", null,
                "No space left on device");
        RuntimeException thrown = new UncheckedIOException("cannot write a checkpoint into /runs/r/checkpoints",
                new IOException("cannot write a checkpoint into /runs/r/checkpoints", disk));
        assertThat(Jdml.ioCause(thrown)).isNotNull();
        assertThat(Jdml.chain(thrown)).isEqualTo("cannot write a checkpoint into /runs/r/checkpoints: "
                + "/runs/r/checkpoints/.checkpoint-40-1.tmp: No space left on device");
        assertThat(Jdml.ioCause(new IllegalStateException("not I/O"))).isNull();
    }
}
