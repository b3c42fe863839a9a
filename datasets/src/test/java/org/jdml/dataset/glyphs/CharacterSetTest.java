package org.jdml.dataset.glyphs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.jdml.api.data.DataException;
import org.jdml.dataset.GlyphsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CharacterSetTest {

    @Test
    void gb2312LevelOneHas3755DistinctCharactersInCodeOrder() {
        int[] set = CharacterSet.gb2312Level1();
        assertThat(set).hasSize(3755);
        assertThat(Arrays.stream(set).distinct().count()).isEqualTo(3755);
        assertThat(new String(set, 0, 3)).isEqualTo("啊阿埃");   // 0xB0A1, 0xB0A2, 0xB0A3
        assertThat(new String(set, 94, 1)).isEqualTo("薄");      // 0xB1A1, the first of row 17
        assertThat(new String(set, 3754, 1)).isEqualTo("座");    // 0xD7F9
    }

    @Test
    void aFileGivesItsCharactersInOrderAndRejectsRepeats(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("chars.txt");
        Files.writeString(file, "\uFEFF永 啊\n阿\t\u3000\r\n", StandardCharsets.UTF_8);
        assertThat(new String(CharacterSet.fromFile(file), 0, 4)).isEqualTo("永啊阿\u3000");
        Files.writeString(file, "永啊永", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CharacterSet.fromFile(file)).isInstanceOf(DataException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("永 (U+6C38)");
        Files.writeString(file, " \n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CharacterSet.fromFile(file)).hasMessageContaining("holds no character");
    }

    @Test
    void withoutFontsTheErrorNamesTheFoldersAndThePackages(@TempDir Path dir) {
        FontManifest manifest = FontManifest.scan(List.of(dir.resolve("absent"), dir));
        assertThat(manifest.files()).isEmpty();
        assertThat(manifest.missingFolders()).containsExactly(dir.resolve("absent"));
        assertThatThrownBy(() -> org.jdml.testkit.TestContext.build(new GlyphsFactory(),
                org.jdml.api.ComponentKind.DATASET, com.typesafe.config.ConfigFactory.parseMap(java.util.Map.of(
                        "jdml.dataset.glyphs.font-dirs", List.of(dir.resolve("absent").toString(), dir.toString()))),
                org.jdml.testkit.TestContext.builder(null).build()))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(dir.resolve("absent").toAbsolutePath() + ": no such folder")
                .hasMessageContaining("sudo apt-get install fonts-noto-cjk fonts-noto-cjk-extra")
                .hasMessageContaining("fonts-seto")
                .hasMessageContaining("jdml.dataset.glyphs.font-dirs");
    }
}
