package org.jdml.dataset.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jdml.api.data.DataException;
import org.jdml.dataset.image.ImageItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFormatTest {

    @TempDir
    Path dir;

    private CsvFormat.Manifest read(String text) throws IOException {
        return CsvFormat.read(Files.writeString(dir.resolve("m.csv"), text));
    }

    @Test
    void spacesAroundFieldsGoQuotedTextStaysWhole() throws IOException {
        CsvFormat.Manifest manifest = read("\uFEFFPath , label\n a.png , b \n\"x, y.png\",\"say \"\"hi\"\"\"\n\n\"q.png\" ,c\n");
        assertThat(manifest.items()).extracting(ImageItem::classKey).containsExactly("b", "say \"hi\"", "c");
        assertThat(manifest.items()).extracting(i -> i.file().getFileName().toString())
                .containsExactly("a.png", "x, y.png", "q.png");
        assertThat(manifest.lines()).as("a blank line is skipped but counted").containsExactly(2, 3, 5);
    }

    @Test
    void aQuotedLineBreakStaysInTheFieldAndLaterLinesKeepTheirNumbers() throws IOException {
        CsvFormat.Manifest manifest = read("path,label\na.png,\"two\nlines\"\nb.png,x\n");
        assertThat(manifest.items().get(0).classKey()).isEqualTo("two\nlines");
        assertThat(manifest.lines()).containsExactly(2, 4);
        assertThatThrownBy(() -> read("path,label\na.png,\"two\nlines\"\nb.png,x\nc.png,\n").items())
                .isInstanceOf(DataException.class).hasMessageContaining("m.csv line 5: empty label");
    }

    @Test
    void brokenQuotesNameTheLine() {
        assertThatThrownBy(() -> read("path,label\na.png,x\nb.png,x\nc.png,x\nd.png,x\ne.png,x\n\"open.png,b\n"))
                .isInstanceOf(DataException.class).hasMessageContaining("m.csv line 7").hasMessageContaining("not closed");
        assertThatThrownBy(() -> read("path,label\na.png,x\n\"a\"b,c\n"))
                .isInstanceOf(DataException.class).hasMessageContaining("m.csv line 3")
                .hasMessageContaining("text after a closing quote");
    }

    @Test
    void anEmptyFileOrOneWithOnlyAHeaderIsNamed() {
        assertThatThrownBy(() -> read("")).isInstanceOf(DataException.class).hasMessageContaining("is empty");
        assertThatThrownBy(() -> read("path,label\n")).isInstanceOf(DataException.class).hasMessageContaining("lists no images");
        assertThatThrownBy(() -> read("path,Path,label\n")).isInstanceOf(DataException.class)
                .hasMessageContaining("m.csv line 1: column 'path' appears twice");
    }
}
