package org.jdml.runner.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.jdml.runner.cli.TrainCommandTest;
import org.jdml.runner.engine.EngineSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report and the comparison page in a real browser: every image loads, and the screenshots are
 * kept under {@code target/browser/} for people to look at. Skipped where Chromium is not installed.
 */
class ReportBrowserIT {

    static final Path SCREENSHOTS = Path.of("target", "browser");

    @TempDir
    static Path dir;
    static Path runs;
    static Browser browser;

    @BeforeAll
    static void trainTwoRuns() throws IOException {
        Optional<Browser> found = Browser.find();
        assumeTrue(found.isPresent(), "Chromium is not installed (apt-get install chromium)");
        browser = found.get();
        EngineSetup.start(1);
        runs = dir.resolve("runs");
        Path photos = RetrievalRuns.writeImages(dir.resolve("photos"));
        for (String name : List.of("photos", "photos-lr")) {
            List<String> sets = new java.util.ArrayList<>(RetrievalRuns.imageRun(photos, name));
            sets.add("jdml.train.epochs=3");
            if (name.equals("photos-lr")) {
                sets.add("jdml.train.learning-rate=0.003");
            }
            TrainCommandTest.Result trained = RetrievalRuns.run(runs, sets, "train");
            assertThat(trained.exit()).as(trained.err()).isZero();
        }
    }

    @Test
    void theReportLoadsEveryImage() throws Exception {
        Path report = runs.resolve("photos").resolve("report.html");
        Browser.ImageCheck check = browser.checkImages(report, dir);
        assertThat(check.broken()).as("images that did not load").isEmpty();
        // loss, Recall@K, other metrics, PCA, per-class chart, and 14 queries with 8 neighbours each (constant learning rate: no chart)
        assertThat(check.images()).isEqualTo(5 + (8 + 6) * 9);
        Path png = SCREENSHOTS.resolve("report.png");
        browser.screenshot(report, png, 1100, 4200);
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(1100);
    }

    @Test
    void theComparisonLoadsEveryImage() throws Exception {
        Path page = dir.resolve("compare.html");
        TrainCommandTest.Result compared = RetrievalRuns.run(runs, RetrievalRuns.COMMON, "compare", "photos",
                "photos-lr", "--out", page.toString());
        assertThat(compared.exit()).as(compared.err()).isZero();
        Browser.ImageCheck check = browser.checkImages(page, dir);
        assertThat(check.broken()).as("images that did not load").isEmpty();
        assertThat(check.images()).isEqualTo(7 + 1 + 1);
        Path png = SCREENSHOTS.resolve("compare.png");
        browser.screenshot(page, png, 1100, 3600);
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(1100);
    }

    @Test
    void aMissingImageIsCaught() throws Exception {
        Path page = dir.resolve("broken.html");
        Files.writeString(page, "<!DOCTYPE html><html><body><img src=\"nowhere.png\"></body></html>");
        Browser.ImageCheck check = browser.checkImages(page, dir);
        assertThat(check.images()).isEqualTo(1);
        assertThat(check.broken()).containsExactly("nowhere.png");
    }
}
