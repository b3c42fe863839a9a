package org.jdml.runner.retrieval;

import ai.djl.ndarray.NDManager;
import com.typesafe.config.Config;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import org.jdml.api.data.DataException;
import org.jdml.api.data.DataSplit;
import org.jdml.api.data.ItemImages;
import org.jdml.api.data.MetricDataset;
import org.jdml.report.RetrievalFragment;
import org.jdml.retrieval.Metric;
import org.jdml.retrieval.RetrievalAnalysis;
import org.jdml.evaluation.EvaluationSettings;
import org.jdml.runner.train.RunEvaluation;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The report's retrieval section, {@code retrieval/section.html} with its pictures and chart: a
 * seeded sample of evaluation queries and the queries with the lowest average precision, each with
 * its nearest items (framed green when of the query's class, red otherwise); Recall@1 and MAP@R per
 * class as a table and a bar chart; the class pairs most often confused. Datasets of vectors get the
 * tables without pictures. The report page includes the fragment when it is there.
 */
public final class RetrievalSection {

    private static final String FOLDER = RetrievalFragment.FOLDER;
    private static final String FRAGMENT = RetrievalFragment.FRAGMENT;
    /** Classes charted and tabled at most; beyond it, the lowest and the highest by MAP@R, half each. */
    static final int MAX_CLASSES = 40;

    private final Config settings;
    private final Path dir;
    private final StringBuilder html = new StringBuilder();
    private final Set<String> written = new HashSet<>();

    private RetrievalSection(Path runDir, Config settings) {
        this.settings = settings;
        this.dir = runDir.resolve(FOLDER);
    }

    /**
     * Writes the section of the evaluation {@code outcome}.
     *
     * @param config the run's configuration ({@code jdml.report.retrieval} and {@code jdml.eval.similarity} are read)
     */
    public static void write(Path runDir, MetricDataset dataset, RunEvaluation.Outcome outcome, Config config,
            NDManager manager) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        RetrievalSection section = new RetrievalSection(runDir, config.getConfig("jdml.report.retrieval"));
        try {
            if (!section.settings.getBoolean("enabled")) {
                org.jdml.retrieval.Folders.deleteTree(section.dir);   // no stale section from an earlier report
                return;
            }
            check(section.settings);
            section.build(dataset, outcome, similarity(config), manager);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + section.dir, e);
        }
    }

    /**
     * @throws org.jdml.api.config.JdmlConfigurationException naming each bad value and where it was set
     */
    public static void check(Config settings) {
        List<String> problems = new ArrayList<>();
        for (String key : List.of("sample-queries", "worst-queries", "neighbours", "confused-pairs")) {
            if (settings.getInt(key) < 0) {
                problems.add("jdml.report.retrieval." + key + " must be >= 0, was " + settings.getInt(key) + " ("
                        + settings.getValue(key).origin().description() + ")");
            }
        }
        int side = settings.getInt("picture-size");
        if (side < 8 || side > 512) {
            problems.add("jdml.report.retrieval.picture-size must be in [8, 512], was " + side + " ("
                    + settings.getValue("picture-size").origin().description() + ")");
        }
        if (!problems.isEmpty()) {
            throw new org.jdml.api.config.JdmlConfigurationException(problems);
        }
    }

    private static EvaluationSettings.Similarity similarity(Config config) {
        return EvaluationSettings.of(config.getConfig("jdml.eval")).similarity();
    }

    private void build(MetricDataset dataset, RunEvaluation.Outcome outcome, EvaluationSettings.Similarity similarity,
            NDManager manager) throws IOException {
        org.jdml.retrieval.Folders.deleteTree(dir);
        Files.createDirectories(dir.resolve("pictures"));
        RunEvaluation.Embedded queries = outcome.queries();
        RunEvaluation.Embedded gallery = outcome.gallery().orElse(queries);
        boolean sameSet = outcome.gallery().isEmpty();
        int dim = (int) queries.dim();
        Metric metric = switch (similarity) {
            case COSINE -> Metric.DOT_PRODUCT;
            case EUCLIDEAN -> Metric.EUCLIDEAN;
            case AUTO -> Metric.forEmbeddings(Metric.unitNorm(queries.values(), dim)
                    && (sameSet || Metric.unitNorm(gallery.values(), dim)));
        };
        int shown = settings.getInt("neighbours");
        RetrievalAnalysis analysis;
        try (EngineSimilarities similarities = new EngineSimilarities(manager, queries.values(), gallery.values(), dim,
                metric)) {
            analysis = RetrievalAnalysis.of(similarities, queries.labels(), gallery.labels(), sameSet, shown);
        }
        DataSplit querySplit = dataset.evaluation();
        DataSplit gallerySplit = dataset.gallery().orElse(querySplit);
        Optional<ItemImages> pictures = querySplit.images().isPresent() && gallerySplit.images().isPresent()
                ? querySplit.images() : Optional.empty();
        double[] overall = analysis.overall();
        html.append("<section class=\"retrieval\">\n<h2>Retrieval</h2>\n<p class=\"meta\">Exact search of ")
                .append(String.format(Locale.ROOT, "%,d", analysis.queries())).append(" evaluation queries against ")
                .append(sameSet ? "the other evaluation items"
                        : String.format(Locale.ROOT, "%,d gallery items", gallery.rows()))
                .append(String.format(Locale.ROOT, " (%s). Recall@1 %.4f, MAP@R %.4f.",
                        metric == Metric.DOT_PRODUCT ? "dot product" : "Euclidean distance", overall[0], overall[1]))
                .append("</p>\n");
        int[] sample = analysis.sample(settings.getInt("sample-queries"), settings.getLong("seed"));
        int[] hardest = analysis.hardest(settings.getInt("worst-queries"));
        if (pictures.isPresent()) {
            html.append("<h3>Sample queries</h3>\n<p class=\"meta\">A fixed sample (seed ")
                    .append(settings.getLong("seed")).append("), each with its ").append(shown)
                    .append(" nearest items: <span class=\"hit-key\">same class</span>, <span class=\"miss-key\">"
                            + "other class</span>.</p>\n");
            strips(analysis, sample, querySplit, gallerySplit, sameSet, false);
            html.append("<h3>Hardest queries</h3>\n<p class=\"meta\">The queries with the lowest average precision"
                    + " at R.</p>\n");
            strips(analysis, hardest, querySplit, gallerySplit, sameSet, true);
        } else {
            html.append("<p class=\"missing\">No pictures: the dataset's items are vectors.</p>\n");
            html.append("<h3>Sample queries</h3>\n");
            neighbourTable(analysis, sample, querySplit);
            html.append("<h3>Hardest queries</h3>\n");
            neighbourTable(analysis, hardest, querySplit);
        }
        perClass(analysis, querySplit);
        confusions(analysis, querySplit);
        html.append("</section>\n");
        Files.writeString(dir.resolve(FRAGMENT), html.toString(), StandardCharsets.UTF_8);
    }

    private void strips(RetrievalAnalysis analysis, int[] queries, DataSplit querySplit, DataSplit gallerySplit,
            boolean sameSet, boolean withPrecision) throws IOException {
        int side = settings.getInt("picture-size");
        html.append("<div class=\"strips\">\n");
        for (int q : queries) {
            html.append("<div class=\"strip\">");
            String caption = "query " + q + "<br>" + html(querySplit.className(analysis.queryLabel(q)))
                    + (withPrecision && !Float.isNaN(analysis.averagePrecision(q))
                            ? String.format(Locale.ROOT, "<br>AP %.3f", analysis.averagePrecision(q)) : "");
            figure("query", picture(querySplit, "q", q, side), caption, side, querySplit.source(q));
            int rank = 1;
            for (int g : analysis.neighbours(q)) {
                boolean same = analysis.galleryLabel(g) == analysis.queryLabel(q);
                DataSplit split = sameSet ? querySplit : gallerySplit;
                figure(same ? "hit" : "miss", picture(split, sameSet ? "q" : "g", g, side),
                        rank++ + ". " + html(split.className(analysis.galleryLabel(g))), side, split.source(g));
            }
            html.append("</div>\n");
        }
        html.append("</div>\n");
    }

    private void figure(String kind, String src, String caption, int side, String title) {
        html.append("<figure class=\"").append(kind).append("\"><img src=\"").append(src).append("\" width=\"")
                .append(side).append("\" height=\"").append(side).append("\" alt=\"").append(html(title))
                .append("\" title=\"").append(html(title)).append("\"><figcaption>").append(caption)
                .append("</figcaption></figure>");
    }

    /** Writes the item's picture once; returns its path relative to the report. */
    private String picture(DataSplit split, String prefix, int index, int side) throws IOException {
        String name = prefix + index + ".png";
        if (written.add(name)) {
            BufferedImage image;
            try {
                image = split.images().orElseThrow().picture(index, side);
            } catch (DataException e) {
                image = unreadable(side);
            }
            ImageIO.write(image, "png", dir.resolve("pictures").resolve(name).toFile());
        }
        return FOLDER + "/pictures/" + name;
    }

    /** A grey square with a cross, for an item whose picture cannot be read any more. */
    private static BufferedImage unreadable(int side) {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(Color.LIGHT_GRAY);
        g.fillRect(0, 0, side, side);
        g.setColor(Color.DARK_GRAY);
        g.drawLine(0, 0, side, side);
        g.drawLine(side, 0, 0, side);
        g.dispose();
        return image;
    }

    private void neighbourTable(RetrievalAnalysis analysis, int[] queries, DataSplit split) {
        html.append("<table>\n<tr><th>query</th><th>class</th><th>AP at R</th><th>nearest items (class)</th></tr>\n");
        for (int q : queries) {
            html.append("<tr><td>").append(q).append("</td><td class=\"text\">")
                    .append(html(split.className(analysis.queryLabel(q)))).append("</td><td>")
                    .append(number(analysis.averagePrecision(q))).append("</td><td class=\"text\">");
            List<String> parts = new ArrayList<>();
            for (int g : analysis.neighbours(q)) {
                boolean same = analysis.galleryLabel(g) == analysis.queryLabel(q);
                parts.add("<span class=\"" + (same ? "hit-key" : "miss-key") + "\">" + g + " ("
                        + html(split.className(analysis.galleryLabel(g))) + ")</span>");
            }
            html.append(String.join(" ", parts)).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private void perClass(RetrievalAnalysis analysis, DataSplit split) throws IOException {
        List<RetrievalAnalysis.ClassStats> all = analysis.perClass();
        html.append("<h3>Per class</h3>\n");
        if (all.isEmpty()) {
            html.append("<p class=\"missing\">No query has another item of its class.</p>\n");
            return;
        }
        List<RetrievalAnalysis.ClassStats> shown = all;
        String note = "";
        if (all.size() > MAX_CLASSES) {
            List<RetrievalAnalysis.ClassStats> byMap = new ArrayList<>(all);
            byMap.sort(Comparator.comparingDouble(RetrievalAnalysis.ClassStats::mapAtR)
                    .thenComparingInt(RetrievalAnalysis.ClassStats::label));
            shown = new ArrayList<>(byMap.subList(0, MAX_CLASSES / 2));
            shown.addAll(byMap.subList(byMap.size() - MAX_CLASSES / 2, byMap.size()));
            note = " The " + MAX_CLASSES / 2 + " classes with the lowest and the " + MAX_CLASSES / 2
                    + " with the highest MAP@R of " + all.size() + ".";
        }
        html.append("<p class=\"meta\">Recall@1 and MAP@R over each class's queries.").append(note).append("</p>\n");
        chart(shown, split);
        html.append("<figure><img src=\"").append(FOLDER).append("/per-class.png\" alt=\"Recall@1 and MAP@R per class\""
                + " width=\"900\"></figure>\n");
        html.append("<table>\n<tr><th>label</th><th>class</th><th>queries</th><th>Recall@1</th><th>MAP@R</th></tr>\n");
        for (RetrievalAnalysis.ClassStats c : shown) {
            html.append("<tr><td>").append(c.label()).append("</td><td class=\"text\">")
                    .append(html(split.className(c.label()))).append("</td><td>").append(c.queries()).append("</td><td>")
                    .append(number(c.recallAt1())).append("</td><td>").append(number(c.mapAtR())).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private void chart(List<RetrievalAnalysis.ClassStats> classes, DataSplit split) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(Math.max(360, 260 + 6 * classes.size()))
                .title("Recall@1 and MAP@R per class").yAxisTitle("value").build();
        var styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xe5e5e5));
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        styler.setSeriesColors(new Color[] {new Color(0x1f77b4), new Color(0xff7f0e)});
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setYAxisMin(0.0);
        styler.setYAxisMax(1.0);
        styler.setXAxisLabelRotation(classes.size() > 8 ? 60 : 0);
        styler.setAntiAlias(true);
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (RetrievalAnalysis.ClassStats c : classes) {
            String name = split.className(c.label());
            names.add(seen.add(name) ? name : name + " (" + c.label() + ")");
        }
        chart.addSeries("Recall@1", names, classes.stream().map(RetrievalAnalysis.ClassStats::recallAt1).toList());
        chart.addSeries("MAP@R", names, classes.stream().map(RetrievalAnalysis.ClassStats::mapAtR).toList());
        BitmapEncoder.saveBitmap(chart, dir.resolve("per-class").toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private void confusions(RetrievalAnalysis analysis, DataSplit split) {
        List<RetrievalAnalysis.Confusion> pairs = analysis.confusedPairs(settings.getInt("confused-pairs"));
        html.append("<h3>Most confused classes</h3>\n");
        if (pairs.isEmpty()) {
            html.append("<p class=\"meta\">Every query's nearest item is of its own class.</p>\n");
            return;
        }
        html.append("<p class=\"meta\">Class pairs by the number of queries whose nearest item is of the other class."
                + "</p>\n<table>\n<tr><th>class A</th><th>class B</th><th>A's queries nearest to a B</th>"
                + "<th>B's queries nearest to an A</th><th>together</th></tr>\n");
        for (RetrievalAnalysis.Confusion c : pairs) {
            html.append("<tr><td class=\"text\">").append(html(split.className(c.a()))).append("</td><td class=\"text\">")
                    .append(html(split.className(c.b()))).append("</td><td>").append(share(c.aAsB(), c.queriesA()))
                    .append("</td><td>").append(share(c.bAsA(), c.queriesB())).append("</td><td>").append(c.total())
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static String share(int count, int of) {
        return of == 0 ? Integer.toString(count)
                : String.format(Locale.ROOT, "%d of %d (%.1f %%)", count, of, 100.0 * count / of);
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
