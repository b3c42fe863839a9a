package org.jdml.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jdml.dataset.internal.IdxWriter;
import org.jdml.runner.Jdml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCommandTest {

    private static final Path MICROHEI = Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");

    @TempDir
    Path dir;

    @Test
    void exportWritesEverySplitAndSaysWhat() {
        Path out = dir.resolve("out");
        TrainCommandTest.Result result = TrainCommandTest.run(dir.resolve("runs"),
                List.of("jdml.dataset.synthetic.items-per-class=5"), "dataset", "export", "synthetic", "--out",
                out.toString());
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("Wrote synthetic into " + out)
                .contains("train-items-idx2-float: 40 x 16 float32 items");
        // 8 training classes then 8 evaluation classes, 5 items each
        assertThat(IdxWriter.readInts(out.resolve("eval-labels-idx1-int"))).hasSize(40).startsWith(8, 8, 8, 8, 8, 9);
        assertThat(out.resolve("README.txt")).exists();
    }

    @Test
    void anUnknownDatasetIsAConfigurationError() {
        TrainCommandTest.Result result = TrainCommandTest.run(dir.resolve("runs"), List.of(), "dataset", "export",
                "no-such-set", "--out", dir.toString());
        assertThat(result.exit()).isEqualTo(Jdml.CONFIGURATION_ERROR);
        assertThat(result.err()).contains("no-such-set");
    }

    @Test
    void missingFontsNameThePackagesToInstall() {
        TrainCommandTest.Result result = TrainCommandTest.run(dir.resolve("runs"),
                List.of("jdml.dataset.glyphs.font-dirs=[\"" + dir.resolve("absent") + "\"]"), "dataset", "export",
                "glyphs", "--out", dir.resolve("out").toString());
        assertThat(result.exit()).isEqualTo(Jdml.DATA_ERROR);
        assertThat(result.err()).contains(dir.resolve("absent") + ": no such folder")
                .contains("sudo apt-get install fonts-noto-cjk");
    }

    @Test
    void aGlyphsRunRecordsItsFontsAndClassesInTheRunFolder() throws IOException {
        assumeTrue(Files.isRegularFile(MICROHEI), "fonts-wqy-microhei is not installed (" + MICROHEI + ")");
        Path fonts = Files.createDirectories(dir.resolve("fonts"));
        Files.createSymbolicLink(fonts.resolve("wqy-microhei.ttc"), MICROHEI);
        Path characters = dir.resolve("characters.txt");
        Files.writeString(characters, "永 啊 阿 埃 挨 哎", StandardCharsets.UTF_8);
        TrainCommandTest.Result result = TrainCommandTest.run(dir.resolve("runs"), List.of(
                "jdml.dataset.name=glyphs", "jdml.dataset.glyphs.font-dirs=[\"" + fonts + "\"]",
                "jdml.dataset.glyphs.characters-file=\"" + characters + "\"", "jdml.dataset.glyphs.train-classes=3",
                "jdml.dataset.glyphs.drop-duplicates=false", "jdml.dataset.glyphs.cache=false",
                "jdml.dataset.glyphs.size=16", "jdml.backbone.small-conv.channels=[4]",
                "jdml.sampler.m-per-class.m=2", "jdml.train.batch-size=4", "jdml.train.progress=false",
                "jdml.eval.progress=false", "jdml.run.threads=1", "jdml.run.name=glyphs"), "train");
        assertThat(result.exit()).as(result.err()).isZero();
        Path run = dir.resolve("runs").resolve("glyphs");
        assertThat(Files.readString(run.resolve("glyphs-fonts.tsv"))).contains(MICROHEI.toRealPath().toString())
                .contains("WenQuanYi Micro Hei Mono\t6");
        assertThat(Files.readAllLines(run.resolve("glyphs-classes.tsv"))).hasSize(7)
                .contains("3\t埃\tU+57C3\teval\t2\t2");
    }
}
