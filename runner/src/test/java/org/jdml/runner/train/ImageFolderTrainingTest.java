package org.jdml.runner.train;

import org.jdml.report.ReportWriter;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.typesafe.config.Config;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Users' own photos through the whole pipeline: a folder per class of PNG and JPEG files, decoded,
 * cropped and flipped on workers, trained with a convolutional backbone, evaluated and reported.
 */
public class ImageFolderTrainingTest {

    @TempDir
    Path dir;

    /** 4 classes x 6 images of 40 x 32 pixels: each class a colour and a stripe direction. */
    private Path writeImages() throws IOException {
        return writeImages(dir.resolve("photos"), 4);
    }

    /** {@code classes} (up to 6) folders of 6 images of 40 x 32 pixels: each class a colour and a stripe direction. */
    public static Path writeImages(Path root, int classes) throws IOException {
        Color[] colours = java.util.Arrays.copyOf(new Color[] {Color.RED, Color.GREEN, Color.BLUE, Color.ORANGE,
            Color.MAGENTA, Color.CYAN}, classes);
        Random random = new Random(1);
        for (int c = 0; c < colours.length; c++) {
            Path folder = Files.createDirectories(root.resolve("class-" + c));
            for (int i = 0; i < 6; i++) {
                BufferedImage image = new BufferedImage(40, 32, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = image.createGraphics();
                g.setColor(colours[c]);
                g.fillRect(0, 0, 40, 32);
                g.setColor(Color.WHITE);
                for (int s = 0; s < 40; s += 8) {
                    int offset = random.nextInt(3);
                    if (c % 2 == 0) {
                        g.fillRect(s + offset, 0, 3, 32);
                    } else {
                        g.fillRect(0, (s + offset) % 32, 40, 3);
                    }
                }
                g.dispose();
                String format = i % 2 == 0 ? "png" : "jpg";
                ImageIO.write(image, format, folder.resolve("img-" + i + "." + format).toFile());
            }
        }
        return root;
    }

    /** A small convolutional run on the image folder, with more dataset and training settings. */
    private static Config config(Path runs, String name, Path photos, String dataset, String train) {
        return TrainingFixtures.config(List.of(
                "jdml.run.dir = \"" + runs + "\"",
                "jdml.run.name = " + name,
                "jdml.dataset.name = image-folder",
                "jdml.dataset.image-folder { dir = \"" + photos + "\", size = 24, resize = 28, " + dataset + " }",
                "jdml.backbone.name = small-conv",
                "jdml.backbone.small-conv.channels = [8, 16]",
                "jdml.sampler.m-per-class.m = 6",
                "jdml.loss.name = triplet",
                "jdml.train { batch-size = 12, embed-batch-size = 5, " + train + " }"));
    }

    @Test
    void aShortRunOnAFolderOfImagesTrainsEvaluatesAndReports() throws IOException {
        Path photos = writeImages();
        Path runs = dir.resolve("runs");
        Config config = config(runs, "photos", photos, "workers = 2", "epochs = 2, iterations-per-epoch = 3");
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainingRun.Summary summary = new TrainingRun(TrainingFixtures.components(config, manager),
                    TrainingFixtures.settings(config), RunFolder.create(config), manager, config, List.of(),
                    dir2 -> {}, false).run();
            assertThat(summary.iterations()).isEqualTo(6);
            assertThat(summary.evaluations()).hasSize(2);
            assertThat(summary.finalMetrics()).containsKeys("recall@1", "nmi", "map@r");
            assertThat(summary.finalMetrics().get("recall@1")).isBetween(0.0, 1.0);
        }
        Path run = runs.resolve("photos");
        assertThat(Files.readAllLines(run.resolve("metrics.jsonl")))
                .filteredOn(line -> line.contains("\"type\":\"iteration\"")).hasSize(6)
                .allSatisfy(line -> assertThat(line).doesNotContain("NaN"));
        // 2 evaluation classes x 6 images: a 128-byte .npy header and 12 int32 labels
        assertThat(Files.size(run.resolve("embeddings/eval-labels.npy"))).isEqualTo(128 + 12 * 4);
    }

    @Test
    void anUndecodableImageIsReplacedCountedAndReportedInTheLogAndTheReport() throws IOException {
        Path photos = writeImages();
        Path broken = photos.resolve("class-1/img-9.png");
        Files.write(broken, new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3, 4, 5});
        Path runs = dir.resolve("runs");
        Config config = config(runs, "skipping", photos, "skip-unreadable = true", "epochs = 1, iterations-per-epoch = 4");
        try (NDManager manager = NDManager.newBaseManager()) {
            new TrainingRun(TrainingFixtures.components(config, manager), TrainingFixtures.settings(config),
                    RunFolder.create(config), manager, config, List.of(), ReportWriter::write, false).run();
        }
        List<String> skippedLines = Files.readAllLines(runs.resolve("skipping/metrics.jsonl")).stream()
                .filter(l -> l.contains("\"type\":\"skipped\"")).toList();
        assertThat(skippedLines).isNotEmpty();
        assertThat(String.join("\n", skippedLines)).contains("img-9.png").contains("\"total\":1");
        String report = Files.readString(runs.resolve("skipping/report.html"));
        assertThat(report).contains("<h2>Skipped items</h2>").contains("The dataset skipped 1 unreadable item(s)")
                .contains("img-9.png");
    }
}
