package org.jdml.dataset.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jdml.api.data.DataException;
import org.jdml.dataset.IdxFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistFilesTest {

    @TempDir
    Path dir;

    @Test
    void plainAndGzippedFilesReadTheSame() throws IOException {
        IdxFixture.write(dir.resolve("plain"), 12, 5, 3, false);
        IdxFixture.write(dir.resolve("gz"), 12, 5, 3, true);
        FashionMnistFiles.Merged plain = FashionMnistFiles.read(dir.resolve("plain"));
        FashionMnistFiles.Merged gz = FashionMnistFiles.read(dir.resolve("gz"));
        assertThat(plain.count()).isEqualTo(17);
        assertThat(plain.rows()).isEqualTo(3);
        assertThat(plain.pixels()).containsExactly(gz.pixels());
        assertThat(plain.labels()).containsExactly(gz.labels());
        // train labels i % 10, then t10k labels (i + 3) % 10
        assertThat(Arrays.copyOfRange(plain.labels(), 10, 17)).containsExactly(0, 1, 3, 4, 5, 6, 7);
        for (int image = 0; image < 17; image++) {
            for (int j = 0; j < 9; j++) {
                assertThat(plain.pixels()[image * 9 + j]).isEqualTo(IdxFixture.pixel(image, j));
            }
        }
    }

    @Test
    void splitsKeepFileOrderAndNormalise() throws IOException {
        IdxFixture.write(dir, 12, 5, 2, true);
        ByteImageSplit split = FashionMnistFiles.read(dir).split(new int[] {3, 1}, 0.25, 0.5);
        // items with label 1 or 3: train 1, 3, 11; t10k item 0 (label 3)
        assertThat(split.labels()).containsExactly(1, 3, 1, 3);
        assertThat(split.rawItem(3)).containsExactly(IdxFixture.pixel(12, 0), IdxFixture.pixel(12, 1),
                IdxFixture.pixel(12, 2), IdxFixture.pixel(12, 3));
        float[] read = split.read(new int[] {2}, true, new Random(0));
        for (int j = 0; j < 4; j++) {
            double expected = ((IdxFixture.pixel(11, j) & 0xFF) / 255.0 - 0.25) / 0.5;
            assertThat((double) read[j]).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    void aWrongMagicNumberIsNamed() throws IOException {
        IdxFixture.write(dir, 4, 2, 2, false);
        // a labels file where images belong
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), IdxFixture.labels(2, 0));
        assertThatThrownBy(() -> FashionMnistFiles.read(dir))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(dir.resolve("t10k-images-idx3-ubyte").toString())
                .hasMessageContaining("magic number is 0x00000801, expected 0x00000803");
    }

    @Test
    void aTruncatedFileIsNamed() throws IOException {
        IdxFixture.write(dir, 6, 2, 4, true);
        byte[] full = IdxFixture.images(0, 6, 4);
        IdxFixture.write(dir.resolve("train-images-idx3-ubyte.gz"), Arrays.copyOf(full, full.length - 5));
        assertThatThrownBy(() -> FashionMnistFiles.read(dir))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(dir.resolve("train-images-idx3-ubyte.gz").toString())
                .hasMessageContaining("is truncated")
                .hasMessageContaining("6x4x4 = 96 bytes")
                .hasMessageContaining("after 91 bytes");
        IdxFixture.write(dir.resolve("train-images-idx3-ubyte.gz"), Arrays.copyOf(full, 6));
        assertThatThrownBy(() -> FashionMnistFiles.read(dir))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("train-images-idx3-ubyte.gz is truncated: it ends inside its header");
    }

    @Test
    void extraDataAfterWhatTheHeaderAnnouncesIsNamed() throws IOException {
        IdxFixture.write(dir, 6, 2, 2, false);
        byte[] labels = IdxFixture.labels(2, 3);
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), Arrays.copyOf(labels, labels.length + 1));
        assertThatThrownBy(() -> FashionMnistFiles.read(dir))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(dir.resolve("t10k-labels-idx1-ubyte").toString())
                .hasMessageContaining("more data than its header announces");
    }

    @Test
    void imagesAndLabelsOfDifferentCountsAreNamedTogether() throws IOException {
        IdxFixture.write(dir, 6, 2, 2, true);
        IdxFixture.write(dir.resolve("train-labels-idx1-ubyte.gz"), IdxFixture.labels(5, 0));
        assertThatThrownBy(() -> FashionMnistFiles.read(dir))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(dir.resolve("train-images-idx3-ubyte.gz") + " holds 6 images")
                .hasMessageContaining(dir.resolve("train-labels-idx1-ubyte.gz") + " holds 5 labels");
    }

    @Test
    void imagesOfDifferentSizesAreNamed() throws IOException {
        IdxFixture.write(dir, 6, 2, 2, false);
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), IdxFixture.images(0, 2, 3));
        assertThatThrownBy(() -> FashionMnistFiles.read(dir))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("t10k-images-idx3-ubyte holds images of 3x3")
                .hasMessageContaining("holds 2x2");
    }

    @Test
    void theFirstFolderWithAllFourFilesWins() throws IOException {
        IdxFixture.write(dir.resolve("b"), 2, 1, 2, false);
        IdxFixture.write(dir.resolve("c"), 3, 1, 2, true);
        Files.createDirectories(dir.resolve("a"));
        IdxFixture.write(dir.resolve("a/train-images-idx3-ubyte"), IdxFixture.images(0, 1, 2));
        Path found = FashionMnistFiles.locate(List.of(dir.resolve("missing"), dir.resolve("a"), dir.resolve("b"),
                dir.resolve("c")), "x.dir");
        assertThat(found).isEqualTo(dir.resolve("b"));
    }
}
