package org.jdml.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.jdml.runner.Jdml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DataBenchCommandTest {

    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) {}

    private Result run(String... args) throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        List<String> all = new ArrayList<>(List.of("bench", "data", "--plugins", plugins.toString(), "--threads", "1",
                "--set", "jdml.run.device=cpu"));
        all.addAll(List.of(args));
        CommandLine line = Jdml.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(err));
        int exit = line.execute(all.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }

    /** Every number of the rows that {@code row} matches; fails unless there are {@code rows} such rows. */
    private static List<Double> numbers(String text, Pattern row, int rows) {
        List<Double> values = new ArrayList<>();
        Matcher m = row.matcher(text);
        int found = 0;
        while (m.find()) {
            found++;
            for (int g = 1; g <= m.groupCount(); g++) {
                values.add(Double.parseDouble(m.group(g)));
            }
        }
        assertThat(found).as("rows matching %s in%n%s", row, text).isEqualTo(rows);
        return values;
    }

    @Test
    void aTinyFixtureGivesBothTablesWithFinitePositiveNumbersAndReplacesTheSection() throws IOException {
        Path out = dir.resolve("BENCHMARKS.md");
        Files.writeString(out, "# Benchmarks\n\n## Evaluation\n\nkept\n");
        Path photos = dir.resolve("photos");
        Result result = run("--fixture", photos.toString(), "--classes", "4", "--images-per-class", "6",
                "--image-size", "48x36", "--size", "24", "--resize", "28", "--workers", "1,2", "--warmup-batches", "1",
                "--batches", "2", "--repeats", "2", "--warmup", "1", "--iterations", "2",
                "--set", "jdml.train.batch-size=8", "--set", "jdml.sampler.m-per-class.m=4",
                "--set", "jdml.backbone.resnet.width=8", "--out", out.toString());
        assertThat(result.exit()).as(result.err()).isZero();

        String section = result.out().substring(result.out().indexOf(DataBenchCommand.HEADING));
        assertThat(section).contains("24 JPEGs (4 classes x 6; 48 x 36").contains("items 3 x 24 x 24, batches of 8");
        // workers 1 and 2 on each path: workers, median, min, max
        List<Double> training = numbers(section, Pattern.compile("\\| training: decode, random resized crop 24, flip, "
                + "normalise \\| ([0-9]+) \\| ([0-9.]+) \\| ([0-9.]+) - ([0-9.]+) \\|"), 2);
        List<Double> evaluation = numbers(section, Pattern.compile("\\| evaluation: decode, resize 28, centre crop 24, "
                + "normalise \\| ([0-9]+) \\| ([0-9.]+) \\| ([0-9.]+) - ([0-9.]+) \\|"), 2);
        assertThat(training).containsSubsequence(1.0, 2.0);
        assertThat(training).allMatch(v -> Double.isFinite(v) && v > 0);
        assertThat(evaluation).allMatch(v -> Double.isFinite(v) && v > 0);
        // s/iter, waiting share (%), s/iter not waiting, batches that waited, batches
        for (String backbone : List.of("resnet-18", "mlp, no hidden layer \\(a linear map of the pixels\\)")) {
            List<Double> wait = numbers(section, Pattern.compile("\\| " + backbone
                    + " \\| ([0-9.]+) \\| ([0-9.]+) % \\| ([0-9.]+) \\| ([0-9]+) of ([0-9]+) \\|"), 1);
            assertThat(wait.get(0)).isPositive().isFinite();
            assertThat(wait.get(1)).isBetween(0.0, 100.0);
            assertThat(wait.get(2)).isPositive().isLessThanOrEqualTo(wait.get(0));
            assertThat(wait.get(3)).isLessThanOrEqualTo(wait.get(4));
            assertThat(wait.get(4)).isEqualTo(2.0);
        }

        assertThat(Files.readString(out)).startsWith("# Benchmarks\n\n## Evaluation\n\nkept\n\n## Data pipeline\n")
                .contains("| resnet-18 |");
        // the fixture folder was asked for, so it stays: 4 classes of 6 images, the fourth of each portrait
        try (Stream<Path> files = Files.walk(photos)) {
            assertThat(files.filter(p -> p.toString().endsWith(".jpg")).count()).isEqualTo(24);
        }
        BufferedImage portrait = ImageIO.read(photos.resolve("class-03/img-003.jpg").toFile());
        assertThat(portrait.getWidth()).isEqualTo(36);
        assertThat(portrait.getHeight()).isEqualTo(48);
    }

    @Test
    void aDatasetThatDecodesNoImagesIsRefusedByName() throws IOException {
        Result result = run("--configured-dataset", "--set", "jdml.dataset.name=synthetic");
        assertThat(result.exit()).isEqualTo(Jdml.CONFIGURATION_ERROR);
        assertThat(result.err()).contains("dataset 'synthetic'").contains("'jdml.dataset.synthetic.workers'");
    }

    @Test
    void badOptionsAreReportedTogether() throws IOException {
        Result result = run("--image-size", "500by375", "--workers", "2,0", "--backbones", "resnet,vgg");
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--image-size must be WIDTHxHEIGHT in pixels, e.g. 500x375, was '500by375'")
                .contains("--workers must list thread counts >= 1, was [2, 0]")
                .contains("unknown backbone 'vgg'; the benchmark has [resnet, mlp]");
    }

    @Test
    void generatedPhotosAreNeitherFlatNorRepeated() {
        BufferedImage image = JpegFixture.image(100, 75, new Random(3));
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < 75; y++) {
            for (int x = 0; x < 100; x++) {
                colours.add(image.getRGB(x, y));
            }
        }
        // noise on a gradient: nearly every pixel its own colour
        assertThat(colours.size()).isGreaterThan(7000);
        BufferedImage other = JpegFixture.image(100, 75, new Random(4));
        assertThat(other.getRGB(50, 37)).isNotEqualTo(image.getRGB(50, 37));
        assertThat(DataBenchCommand.parseSize("500x375")).containsExactly(500, 375);
        assertThat(DataBenchCommand.parseSize("500 X 375")).containsExactly(500, 375);
        assertThat(DataBenchCommand.parseSize("500x0")).isNull();
        assertThat(DataBenchCommand.parseSize("500")).isNull();
    }
}
