package org.jdml.dataset.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.jdml.api.data.DataException;
import org.junit.jupiter.api.Test;

class CsvFormatTest {

    private static final Path FILE = Path.of("m.csv");

    @Test
    void plainFieldsAreTrimmedQuotedOnesKeptWhole() {
        assertThat(CsvFormat.parse(FILE, 1, " a , b,c ")).containsExactly("a", "b", "c");
        assertThat(CsvFormat.parse(FILE, 1, "\"x, y\",\" z \",\"say \"\"hi\"\"\"")).containsExactly("x, y", " z ", "say \"hi\"");
        assertThat(CsvFormat.parse(FILE, 1, "a,,")).containsExactly("a", "", "");
        assertThat(CsvFormat.parse(FILE, 1, "\"q\" ,b")).containsExactly("q", "b");
    }

    @Test
    void brokenQuotesNameTheLine() {
        assertThatThrownBy(() -> CsvFormat.parse(FILE, 7, "\"open,b"))
                .isInstanceOf(DataException.class).hasMessageContaining("m.csv line 7").hasMessageContaining("not closed");
        assertThatThrownBy(() -> CsvFormat.parse(FILE, 8, "\"a\"b,c"))
                .isInstanceOf(DataException.class).hasMessageContaining("m.csv line 8");
    }
}
