package org.jdml.runner.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.jdml.runner.cli.TrainCommandTest;
import org.jdml.runner.engine.EngineSetup;
import org.jdml.report.Npy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's retrieval section after a run: vectors get tables, pictures get pictures. */
class RetrievalSectionTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void oneThread() {
        EngineSetup.start(1);
    }

    @Test
    void syntheticVectorsGetTablesThatAgreeWithTheEvaluation() throws IOException {
        Path runs = dir.resolve("runs");
        TrainCommandTest.Result trained = RetrievalRuns.run(runs, RetrievalRuns.syntheticRun("vectors"), "train");
        assertThat(trained.exit()).as(trained.err()).isZero();
        Path run = runs.resolve("vectors");
        String report = Files.readString(run.resolve("report.html"));
        assertThat(report).contains("<h2>Retrieval</h2>").contains("No pictures: the dataset's items are vectors")
                .contains("<h3>Per class</h3>").contains("<h3>Most confused classes</h3>")
                .doesNotContain("retrieval/pictures/");
        assertThat(ImageIO.read(run.resolve("retrieval/per-class.png").toFile()).getWidth()).isEqualTo(900);

        // the section's overall numbers are the run's last evaluation
        List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
        JsonObject last = JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject().getAsJsonObject("metrics");
        assertThat(report).contains(String.format(Locale.ROOT, "Recall@1 %.4f, MAP@R %.4f.",
                last.get("recall@1").getAsDouble(), last.get("map@r").getAsDouble()));

        // per-class Recall@1 by brute force over the saved embeddings (8 evaluation classes, labels 8..15)
        float[] e = Npy.readFloats(run.resolve("embeddings/eval-embeddings.npy"));
        int[] labels = Npy.readInts(run.resolve("embeddings/eval-labels.npy"));
        int dim = e.length / labels.length;
        TreeMap<Integer, int[]> hits = new TreeMap<>();
        for (int q = 0; q < labels.length; q++) {
            int best = -1;
            double bestDistance = Double.MAX_VALUE;
            for (int j = 0; j < labels.length; j++) {
                if (j == q) {
                    continue;
                }
                double d = 0;
                for (int k = 0; k < dim; k++) {
                    double x = e[q * dim + k] - e[j * dim + k];
                    d += x * x;
                }
                if (d < bestDistance) {
                    bestDistance = d;
                    best = j;
                }
            }
            int[] h = hits.computeIfAbsent(labels[q], l -> new int[2]);
            h[0]++;
            h[1] += labels[best] == labels[q] ? 1 : 0;
        }
        assertThat(hits.keySet()).containsExactly(8, 9, 10, 11, 12, 13, 14, 15);
        for (var entry : hits.entrySet()) {
            assertThat(report).contains(String.format(Locale.ROOT, "<tr><td>%d</td><td class=\"text\">%d</td><td>%d</td><td>%.4f</td>",
                    entry.getKey(), entry.getKey(), entry.getValue()[0], (double) entry.getValue()[1] / entry.getValue()[0]));
        }
        // the PCA projection stays
        assertThat(report).contains("plots/embeddings-pca.png");
    }

    @Test
    void theSectionCanBeTurnedOff() throws IOException {
        Path runs = dir.resolve("runs");
        java.util.List<String> sets = new ArrayList<>(RetrievalRuns.syntheticRun("plain"));
        sets.add("jdml.report.retrieval.enabled=false");
        TrainCommandTest.Result trained = RetrievalRuns.run(runs, sets, "train");
        assertThat(trained.exit()).as(trained.err()).isZero();
        assertThat(Files.readString(runs.resolve("plain").resolve("report.html"))).doesNotContain("<h2>Retrieval</h2>")
                .contains("plots/embeddings-pca.png");
        assertThat(runs.resolve("plain").resolve("retrieval")).doesNotExist();
    }

    @Test
    void badSettingsAreNamed() {
        com.typesafe.config.Config bad = com.typesafe.config.ConfigFactory.parseString(
                "neighbours = -1, sample-queries = 2, worst-queries = 2, confused-pairs = 3, picture-size = 4",
                com.typesafe.config.ConfigParseOptions.defaults().setOriginDescription("run.conf"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RetrievalSection.check(bad))
                .hasMessageContaining("jdml.report.retrieval.neighbours must be >= 0, was -1 (run.conf")
                .hasMessageContaining("jdml.report.retrieval.picture-size must be in [8, 512], was 4");
    }

    @Test
    void picturesShowEachQueryWithItsNeighboursFramedByClass() throws IOException {
        Path runs = dir.resolve("runs");
        Path photos = RetrievalRuns.writeImages(dir.resolve("photos"));
        TrainCommandTest.Result trained = RetrievalRuns.run(runs, RetrievalRuns.imageRun(photos, "photos"), "train");
        assertThat(trained.exit()).as(trained.err()).isZero();
        Path run = runs.resolve("photos");
        String report = Files.readString(run.resolve("report.html"));
        assertThat(report).contains("<h3>Sample queries</h3>").contains("<h3>Hardest queries</h3>")
                .contains("<h3>Per class</h3>").doesNotContain("No pictures");
        // 8 sampled and 6 hardest queries of 18, each with its 8 nearest items
        List<String> strips = new ArrayList<>();
        Matcher strip = Pattern.compile("<div class=\"strip\">(.*?)</div>").matcher(report);
        while (strip.find()) {
            strips.add(strip.group(1));
        }
        assertThat(strips).hasSize(8 + 6);
        int[] labels = Npy.readInts(run.resolve("embeddings/eval-labels.npy"));
        Pattern figure = Pattern.compile("<figure class=\"(query|hit|miss)\"><img src=\"(retrieval/pictures/q(\\d+)\\.png)\"");
        for (String s : strips) {
            Matcher f = figure.matcher(s);
            List<String[]> figures = new ArrayList<>();
            while (f.find()) {
                figures.add(new String[] {f.group(1), f.group(2), f.group(3)});
            }
            assertThat(figures).hasSize(1 + 8);
            assertThat(figures.get(0)[0]).isEqualTo("query");
            int queryLabel = labels[Integer.parseInt(figures.get(0)[2])];
            for (String[] n : figures.subList(1, figures.size())) {
                assertThat(n[0]).isEqualTo(labels[Integer.parseInt(n[2])] == queryLabel ? "hit" : "miss");
                assertThat(n[2]).isNotEqualTo(figures.get(0)[2]);   // a query is not its own neighbour
            }
            for (String[] n : figures) {
                var image = ImageIO.read(run.resolve(n[1]).toFile());
                assertThat(image).as(n[1]).isNotNull();
                assertThat(image.getWidth()).isEqualTo(24);   // the 24-pixel evaluation crop (picture-size is 72)
            }
        }
        assertThat(report).contains("class-3").contains("class-5");
    }
}
