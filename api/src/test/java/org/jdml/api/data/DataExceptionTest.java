package org.jdml.api.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class DataExceptionTest {

    @Test
    void reasonsAreInPlainWordsWithoutClassNames() {
        assertThat(DataException.reason(new NoSuchFileException("/d/x.txt"))).isEqualTo("no such file or folder: /d/x.txt");
        assertThat(DataException.reason(new AccessDeniedException("/d"))).isEqualTo("permission denied: /d");
        assertThat(DataException.reason(new FileSystemException("/d/y", null, "No space left on device")))
                .isEqualTo("/d/y: No space left on device");
        assertThat(DataException.reason(new EOFException())).isEqualTo("the file ends too early");
        assertThat(DataException.reason(new IOException("bad header"))).isEqualTo("bad header");
        assertThat(DataException.reason(new IOException())).isEqualTo("IOException");
    }

    @Test
    void becauseKeepsTheCause() {
        NoSuchFileException missing = new NoSuchFileException("/d/x.txt");
        DataException e = DataException.because("Cannot read /d/x.txt", missing);
        assertThat(e).hasMessage("Cannot read /d/x.txt: no such file or folder: /d/x.txt").hasCause(missing);
    }
}
