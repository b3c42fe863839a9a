package org.jdml.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** A small run folder as a training run leaves it: log, config, components, embeddings. */
    static void syntheticRun(Path dir, int iterations, int epochs, int points, int classes) throws IOException {
        syntheticRun(dir, iterations, epochs, points, classes, true);
    }

    /** @param decaying the learning rate drops tenfold half-way; otherwise it stays 0.001 */
    static void syntheticRun(Path dir, int iterations, int epochs, int points, int classes, boolean decaying)
            throws IOException {
        Random random = new Random(0);
        List<String> lines = new ArrayList<>();
        int perEpoch = iterations / epochs;
        for (int it = 0; it < iterations; it++) {
            double loss = 0.5 * Math.exp(-it / 80.0) + 0.05 + 0.04 * random.nextGaussian();
            int neighbours = 20 + 5 * (it / 50);
            lines.add(String.format(Locale.ROOT, "{\"type\":\"iteration\",\"iteration\":%d,\"epoch\":%d,\"loss\":%.5f,"
                    + "\"lr\":%s,\"knobs\":{\"smart-mining.neighbours\":%d,\"smart-mining.hardness\":%.3f}}",
                    it, it / perEpoch, loss, decaying && it >= iterations / 2 ? "0.0001" : "0.001", neighbours,
                    0.5 + 0.1 * Math.sin(it / 30.0)));
            if ((it + 1) % perEpoch == 0) {
                int epoch = it / perEpoch;
                double r1 = 0.89 - 0.09 * Math.exp(-epoch);
                lines.add(String.format(Locale.ROOT, "{\"type\":\"evaluation\",\"epoch\":%d,\"iteration\":%d,"
                        + "\"metrics\":{\"recall@1\":%.4f,\"recall@2\":%.4f,\"recall@4\":%.4f,\"recall@8\":%.4f,"
                        + "\"nmi\":%.4f,\"map@r\":%.4f,\"r-precision\":%.4f},\"seconds\":3.2}", epoch, it + 1, r1,
                        r1 + 0.04, r1 + 0.07, r1 + 0.09, 0.7 - 0.3 / (epoch + 1), 0.5 - 0.3 / (epoch + 1),
                        0.6 - 0.25 / (epoch + 1)));
            }
        }
        lines.add("{\"type\":\"iteration\",\"iteration\":");   // a line cut short by a killed run
        Files.write(dir.resolve("metrics.jsonl"), lines, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("config.conf"), "jdml {\n  loss.name = triplet\n  run.seed = 0\n}\n");
        Files.writeString(dir.resolve("components.txt"),
                "loss triplet (version 0.1.0, jar: jdml-losses-triplet-0.1.0.jar)\n<sampler> m-per-class\n");
        int d = 16;
        float[] embeddings = new float[points * d];
        int[] labels = new int[points];
        for (int i = 0; i < points; i++) {
            labels[i] = 5 + i % classes;
            for (int j = 0; j < d; j++) {
                embeddings[i * d + j] = (float) (random.nextGaussian() * 0.3 + (j == i % classes ? 2 : 0));
            }
        }
        Npy.write(dir.resolve("embeddings/eval-embeddings.npy"), embeddings, points, d);
        Npy.write(dir.resolve("embeddings/eval-labels.npy"), labels);
    }

    @Test
    void theSamplersAndControllersEpochStatesGetTablesAndTheControllerItsCharts(@TempDir Path dir) throws IOException {
        syntheticRun(dir, 300, 3, 400, 5);
        List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve("metrics.jsonl")));
        double[] errors = {0.81, 0.74, 0.63};
        double[] kappas = {2.0, 2.5, 2.21};
        for (int e = 0; e < 3; e++) {
            lines.add(String.format(Locale.ROOT, "{\"type\":\"epoch\",\"epoch\":%d,\"iteration\":%d,\"seconds\":2.0,"
                    + "\"sampler-state\":{\"mining\":%d,\"mined\":%d},\"controller-state\":{\"target\":0.6,"
                    + "\"kappa\":%.2f,\"error\":%.2f,\"next-kappa\":%.2f}}", e + 1, 100 * (e + 1), e == 0 ? 0 : 1,
                    e == 0 ? 0 : 4000 + e, kappas[e], errors[e], e < 2 ? kappas[e + 1] : 2.3));
        }
        Files.write(dir.resolve("metrics.jsonl"), lines, StandardCharsets.UTF_8);
        ReportWriter.write(dir);
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("<h2>Sampler per epoch</h2>").contains("<th>mined</th>").contains("<td>4002</td>")
                .contains("<h2>Controller per epoch</h2>").contains("<th>next-kappa</th>").contains("<td>0.7400</td>")
                .contains("plots/controller-error.png").contains("plots/controller-kappa.png")
                .doesNotContain("Loss state per epoch");
        for (String png : List.of("controller-error.png", "controller-kappa.png")) {
            BufferedImage image = ImageIO.read(dir.resolve("plots").resolve(png).toFile());
            assertThat(image).as(png).isNotNull();
            assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
        }
    }

    @Test
    void writesTheHtmlAndEveryPlotItReferences(@TempDir Path dir) throws IOException {
        syntheticRun(dir, 300, 3, 400, 5);
        ReportWriter.write(dir);

        Path report = dir.resolve("report.html");
        assertThat(report).exists();
        String html = Files.readString(report);
        assertThat(html).contains("<h1>Run " + dir.getFileName() + "</h1>")
                .contains("loss.name = triplet")
                .contains("&lt;sampler&gt; m-per-class")   // escaped
                .contains("<th>recall@1</th>").contains("<td>0.8778</td>")   // epoch 2's Recall@1: 0.89 - 0.09/e^2
                .contains("1 unreadable lines skipped");
        List<String> referenced = new ArrayList<>();
        Matcher m = Pattern.compile("<img src=\"plots/([^\"]+)\"").matcher(html);
        while (m.find()) {
            referenced.add(m.group(1));
        }
        assertThat(referenced).containsExactlyInAnyOrder("loss.png", "learning-rate.png",
                "knob-smart-mining.neighbours.png", "knob-smart-mining.hardness.png", "recall.png", "metrics.png",
                "embeddings-pca.png");
        try (Stream<Path> files = Files.list(dir.resolve("plots"))) {
            assertThat(files.map(f -> f.getFileName().toString()).toList())
                    .containsExactlyInAnyOrderElementsOf(referenced);
        }
        for (String png : referenced) {
            Path file = dir.resolve("plots").resolve(png);
            byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(file), 8);
            assertThat(head).as(png).containsExactly(PNG_SIGNATURE);
            BufferedImage image = ImageIO.read(file.toFile());
            assertThat(image).as(png).isNotNull();
            assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
            assertThat(image.getHeight()).isEqualTo(Charts.HEIGHT);
        }
    }

    @Test
    void aConstantLearningRateAndASingleEvaluationGetNoEmptyCharts(@TempDir Path dir) throws IOException {
        syntheticRun(dir, 100, 1, 50, 5, false);
        ReportWriter.write(dir);
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("plots/loss.png").doesNotContain("learning-rate.png")
                .doesNotContain("plots/recall.png").doesNotContain("plots/metrics.png")
                .contains("One evaluation: its values are in the table above.");
        assertThat(dir.resolve("plots/learning-rate.png")).doesNotExist();
    }

    @Test
    void aScaledLossGetsItsScaleChartAndTheCountOfDroppedUpdates(@TempDir Path dir) throws IOException {
        syntheticRun(dir, 100, 1, 50, 5, false);
        ReportWriter.write(dir);
        assertThat(Files.readString(dir.resolve("report.html"))).doesNotContain("loss-scale.png");
        // a run in float16: the scale halves at iterations 3 and 7 (their updates dropped) and doubles at 50
        List<String> lines = new ArrayList<>();
        double scale = 65536;
        for (int i = 0; i < 60; i++) {
            boolean overflow = i == 3 || i == 7;
            lines.add(String.format(Locale.ROOT, "{\"type\":\"iteration\",\"iteration\":%d,\"epoch\":1,\"loss\":0.5,"
                    + "\"lr\":0.001,\"grad-norm\":%s,\"loss-scale\":%.1f%s,\"knobs\":{}}", i,
                    overflow ? "null" : "1.0", scale, overflow ? ",\"overflowed\":true" : ""));
            scale = overflow ? scale / 2 : i == 50 ? scale * 2 : scale;
        }
        Files.write(dir.resolve("metrics.jsonl"), lines);
        RunLog log = RunLog.read(dir.resolve("metrics.jsonl"));
        assertThat(log.iterations().get(3).overflowed()).isTrue();
        assertThat(log.iterations().get(4).lossScale()).isEqualTo(32768);
        ReportWriter.write(dir);
        assertThat(Files.readString(dir.resolve("report.html"))).contains("plots/loss-scale.png")
                .contains("2 updates were dropped because the scaled gradients overflowed");
        assertThat(Files.readAllBytes(dir.resolve("plots/loss-scale.png"))).startsWith(PNG_SIGNATURE);
    }

    @Test
    void aFolderWithOnlyAConfigStillGetsAReport(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("config.conf"), "jdml.loss.name = softtriple\n");
        ReportWriter.write(dir);
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("No metrics.jsonl").contains("No evaluation recorded")
                .contains("No embeddings/eval-embeddings.npy").contains("jdml.loss.name = softtriple")
                .doesNotContain("<img");
    }

    @Test
    void aMissingFolderIsAnError(@TempDir Path dir) {
        assertThatThrownBy(() -> ReportWriter.write(dir.resolve("absent"))).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("absent");
    }

    @Test
    void samplesAreDistinctSortedAndSeeded() {
        int[] a = ReportWriter.sample(20_000, 5000);
        assertThat(a).hasSize(5000).isSorted().doesNotHaveDuplicates();
        assertThat(a[4999]).isLessThan(20_000);
        assertThat(ReportWriter.sample(20_000, 5000)).isEqualTo(a);
        assertThat(ReportWriter.sample(7, 5000)).containsExactly(0, 1, 2, 3, 4, 5, 6);
    }
}
