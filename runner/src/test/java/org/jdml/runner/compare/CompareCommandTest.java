package org.jdml.runner.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.jdml.runner.Jdml;
import org.jdml.runner.cli.TrainCommandTest;
import org.jdml.runner.engine.EngineSetup;
import org.jdml.runner.train.RunFolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {

    @TempDir
    static Path dir;
    static Path runs;

    static TrainCommandTest.Result jdml(String... args) {
        return TrainCommandTest.run(runs, List.of(), args);
    }

    static void train(String name, String... more) {
        List<String> sets = new ArrayList<>(TrainCommandTest.SMALL);
        sets.add("jdml.run.name=" + name);
        sets.addAll(List.of(more));
        TrainCommandTest.Result r = TrainCommandTest.run(runs, sets, "train");
        assertThat(r.exit()).as(r.err()).isZero();
    }

    @BeforeAll
    static void trainThreeRuns() throws IOException {
        EngineSetup.start(1);
        runs = dir.resolve("runs");
        train("base");
        train("faster", "jdml.train.learning-rate=0.003");
        train("other-data", "jdml.dataset.synthetic.seed=7");
    }

    @Test
    void twoRunsThatDifferInOneSettingListExactlyThatSetting() throws IOException {
        RunComparison comparison = new RunComparison(List.of(
                ComparedRun.load(RunFolder.existing("base", runs)), ComparedRun.load(RunFolder.existing("faster", runs))));
        assertThat(comparison.differingSettings()).containsOnlyKeys("jdml.train.learning-rate");
        assertThat(comparison.differingSettings().get("jdml.train.learning-rate").get(1)).isEqualTo("0.003");
        assertThat(comparison.allComparable()).isTrue();

        Path page = dir.resolve("out").resolve("two.html");
        TrainCommandTest.Result result = jdml("compare", "base", "faster", "--out", page.toString());
        assertThat(result.exit()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0)).contains("base").contains("faster");
        assertThat(lines).filteredOn(l -> l.startsWith("jdml.")).hasSize(1)
                .allSatisfy(l -> assertThat(l).startsWith("jdml.train.learning-rate").endsWith("0.003"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("recall@1"))
                .anySatisfy(l -> assertThat(l).startsWith("seconds per epoch"))
                .noneSatisfy(l -> assertThat(l).contains("not comparable"));

        String html = Files.readString(page);
        assertThat(html).contains("<code>jdml.train.learning-rate</code>").doesNotContain("Not comparable")
                .contains("<h2>Metrics per epoch</h2>").contains("<h2>Training loss</h2>")
                .contains("<h2>Time per epoch</h2>");
        Matcher img = Pattern.compile("<img src=\"([^\"]+)\"").matcher(html);
        List<String> images = new ArrayList<>();
        while (img.find()) {
            images.add(img.group(1));
        }
        // 7 metrics per epoch, the loss, the epoch times
        assertThat(images).hasSize(7 + 1 + 1).allSatisfy(src -> assertThat(src).startsWith("two-plots/"));
        for (String src : images) {
            assertThat(ImageIO.read(page.resolveSibling(src).toFile())).as(src).isNotNull();
        }
    }

    @Test
    void runsOnOtherDataAreMarkedNotComparable() {
        TrainCommandTest.Result result = jdml("compare", "base", "faster", "other-data", "--out", dir.resolve("three.html").toString());
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("comparable group")
                .contains("Note: other-data is not comparable with base: same dataset, other split or items "
                        + "(jdml.dataset.synthetic.seed = 7 against 0)");
        assertThat(result.out().lines().filter(l -> l.startsWith("jdml.")).map(l -> l.split(" ")[0]).toList())
                .containsExactly("jdml.dataset.synthetic.seed", "jdml.train.learning-rate");
    }

    @Test
    void aMissingRunIsAClearError() {
        TrainCommandTest.Result result = jdml("compare", "base", "nowhere", "--out", dir.resolve("x.html").toString());
        assertThat(result.exit()).isEqualTo(Jdml.CONFIGURATION_ERROR);
        assertThat(result.err()).contains("No run folder 'nowhere'");
    }
}
