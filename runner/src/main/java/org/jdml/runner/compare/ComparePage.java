package org.jdml.runner.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdml.report.Charts;
import org.jdml.report.RunLog;

/**
 * The comparison page: which runs are comparable, the settings that differ, the final metrics (the
 * best of each in bold), each metric per epoch with a line per run on shared axes, the loss curves
 * and the time per epoch. Plots go into {@code <page>-plots/} beside the page.
 */
final class ComparePage {

    private final RunComparison comparison;
    private final Path page;
    private final Path plots;
    private final StringBuilder body = new StringBuilder();

    ComparePage(RunComparison comparison, Path page) {
        this.comparison = comparison;
        this.page = page.toAbsolutePath();
        String stem = this.page.getFileName().toString().replaceFirst("\\.html?$", "");
        this.plots = this.page.resolveSibling(stem + "-plots");
    }

    Path plots() {
        return plots;
    }

    void write() throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        Files.createDirectories(plots);
        List<ComparedRun> runs = comparison.runs();
        body.append("<h1>").append(runs.size()).append(" runs compared</h1>\n");
        comparability();
        settings();
        finalMetrics();
        perEpoch();
        loss();
        epochTimes();
        String html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>jdml: "
                + runs.size() + " runs compared</title>\n<style>\n" + CSS + "</style>\n</head>\n<body>\n" + body
                + "</body>\n</html>\n";
        Path tmp = page.resolveSibling(page.getFileName() + ".tmp");
        Files.writeString(tmp, html, StandardCharsets.UTF_8);
        Files.move(tmp, page, StandardCopyOption.REPLACE_EXISTING);
    }

    private void comparability() {
        List<ComparedRun> runs = comparison.runs();
        int[] groups = comparison.groups();
        body.append("<table>\n<tr><th>run</th><th>folder</th><th>dataset</th>");
        if (!comparison.allComparable()) {
            body.append("<th>comparable group</th>");
        }
        body.append("</tr>\n");
        for (int i = 0; i < runs.size(); i++) {
            ComparedRun r = runs.get(i);
            body.append("<tr><td class=\"text\">").append(html(r.name())).append("</td><td class=\"text\">")
                    .append(html(r.folder().dir().toAbsolutePath().toString())).append("</td><td class=\"text\">")
                    .append(html(r.settings().getOrDefault("jdml.dataset.name", RunComparison.ABSENT))).append("</td>");
            if (!comparison.allComparable()) {
                body.append("<td class=\"").append(groups[i] == 0 ? "text" : "text warn").append("\">")
                        .append((char) ('A' + groups[i])).append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</table>\n");
        for (String note : comparison.comparabilityNotes()) {
            body.append("<p class=\"warn\">Not comparable: ").append(html(note)).append("</p>\n");
        }
    }

    private void settings() {
        body.append("<h2>Settings that differ</h2>\n");
        Map<String, List<String>> differing = comparison.differingSettings();
        if (differing.isEmpty()) {
            body.append("<p class=\"meta\">None: the runs have the same resolved configuration (apart from their"
                    + " names).</p>\n");
            return;
        }
        header("setting");
        differing.forEach((key, values) -> {
            body.append("<tr><td class=\"text\"><code>").append(html(key)).append("</code></td>");
            values.forEach(v -> body.append("<td class=\"text\"><code>").append(html(v)).append("</code></td>"));
            body.append("</tr>\n");
        });
        body.append("</table>\n");
    }

    private void finalMetrics() {
        body.append("<h2>Final metrics</h2>\n");
        List<String> names = comparison.metricNames();
        if (names.isEmpty()) {
            body.append("<p class=\"missing\">No run has an evaluation logged.</p>\n");
            return;
        }
        header("metric");
        List<ComparedRun> runs = comparison.runs();
        for (String metric : names) {
            double best = runs.stream().map(r -> r.finalMetrics().get(metric)).filter(v -> v != null && !v.isNaN())
                    .mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            body.append("<tr><td class=\"text\">").append(html(metric)).append("</td>");
            for (ComparedRun r : runs) {
                Double v = r.finalMetrics().get(metric);
                boolean top = v != null && v == best && runs.size() > 1;
                body.append("<td>").append(top ? "<b>" : "").append(RunComparison.format(v)).append(top ? "</b>" : "")
                        .append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("<tr><td class=\"text\">epochs evaluated</td>");
        runs.forEach(r -> body.append("<td>").append(r.log().evaluations().size()).append("</td>"));
        body.append("</tr>\n</table>\n");
    }

    private void perEpoch() throws IOException {
        body.append("<h2>Metrics per epoch</h2>\n");
        List<ComparedRun> runs = comparison.runs();
        if (runs.stream().allMatch(r -> r.log().evaluations().size() <= 1)) {
            body.append("<p class=\"meta\">Each run has at most one evaluation: the final metrics above are all"
                    + " there is to plot.</p>\n");
            return;
        }
        int n = 0;
        body.append("<div class=\"grid\">\n");
        for (String metric : comparison.metricNames()) {
            Map<String, double[][]> series = new LinkedHashMap<>();
            for (ComparedRun r : runs) {
                List<RunLog.Evaluation> evaluations = r.log().evaluations().stream()
                        .filter(e -> e.metrics().containsKey(metric)).toList();
                if (!evaluations.isEmpty()) {
                    series.put(r.name(), new double[][] {
                        evaluations.stream().mapToDouble(RunLog.Evaluation::epoch).toArray(),
                        evaluations.stream().mapToDouble(e -> e.metrics().get(metric)).toArray()});
                }
            }
            String file = "metric-" + n++ + ".png";
            Charts.lines(plots.resolve(file), metric + " per epoch", "epoch", metric, series, true, true, 560, 380);
            image(file, metric + " per epoch, one line per run", 560);
        }
        body.append("</div>\n");
    }

    private void loss() throws IOException {
        body.append("<h2>Training loss</h2>\n");
        Map<String, double[][]> series = new LinkedHashMap<>();
        for (ComparedRun r : comparison.runs()) {
            List<RunLog.Iteration> its = r.log().iterations();
            if (its.size() > 1) {
                double[] x = its.stream().mapToDouble(RunLog.Iteration::iteration).toArray();
                double[] y = its.stream().mapToDouble(RunLog.Iteration::loss).toArray();
                int window = Charts.smoothingWindow(y.length);
                series.put(r.name() + (window > 1 ? " (mean of " + window + ")" : ""),
                        new double[][] {x, Charts.movingAverage(y, window)});
            }
        }
        if (series.isEmpty()) {
            body.append("<p class=\"missing\">No run has more than one iteration logged.</p>\n");
            return;
        }
        Charts.lines(plots.resolve("loss.png"), "Training loss (moving average)", "iteration", "loss", series, false,
                false, Charts.WIDTH, Charts.HEIGHT);
        image("loss.png", "training loss per iteration, one line per run", Charts.WIDTH);
    }

    private void epochTimes() throws IOException {
        body.append("<h2>Time per epoch</h2>\n");
        List<ComparedRun> runs = comparison.runs();
        if (runs.stream().allMatch(r -> r.log().epochs().isEmpty())) {
            body.append("<p class=\"missing\">No epoch timings logged.</p>\n");
            return;
        }
        header("");
        body.append("<tr><td class=\"text\">mean seconds per epoch</td>");
        runs.forEach(r -> body.append("<td>").append(Double.isNaN(r.meanEpochSeconds()) ? "n/a"
                : String.format(Locale.ROOT, "%.1f", r.meanEpochSeconds())).append("</td>"));
        body.append("</tr>\n<tr><td class=\"text\">epochs</td>");
        runs.forEach(r -> body.append("<td>").append(r.log().epochs().size()).append("</td>"));
        body.append("</tr>\n</table>\n");
        if (runs.stream().anyMatch(r -> r.log().epochs().size() > 1)) {
            Map<String, double[][]> series = new LinkedHashMap<>();
            for (ComparedRun r : runs) {
                if (!r.log().epochs().isEmpty()) {
                    series.put(r.name(), new double[][] {
                        r.log().epochs().stream().mapToDouble(RunLog.Epoch::epoch).toArray(),
                        r.log().epochs().stream().mapToDouble(RunLog.Epoch::seconds).toArray()});
                }
            }
            Charts.lines(plots.resolve("epoch-seconds.png"), "Seconds per epoch", "epoch", "seconds", series, true,
                    false, Charts.WIDTH, Charts.HEIGHT);
            image("epoch-seconds.png", "seconds per epoch, one line per run", Charts.WIDTH);
        }
    }

    private void header(String first) {
        body.append("<table>\n<tr><th>").append(first).append("</th>");
        comparison.runs().forEach(r -> body.append("<th>").append(html(r.name())).append("</th>"));
        body.append("</tr>\n");
    }

    private void image(String file, String alt, int width) {
        body.append("<figure><img src=\"").append(html(plots.getFileName().toString())).append('/').append(file)
                .append("\" alt=\"").append(html(alt)).append("\" width=\"").append(width)
                .append("\"></figure>\n");
    }

    static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final String CSS = """
            body { font-family: sans-serif; margin: 2em auto; max-width: 960px; color: #222; }
            h1 { font-size: 1.6em; } h2 { margin-top: 1.6em; border-bottom: 1px solid #ddd; }
            table { border-collapse: collapse; font-size: 0.9em; margin: 0.6em 0; }
            th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
            th { background: #f3f3f3; } td.text { text-align: left; } code { font-size: 0.95em; }
            figure { margin: 1em 0; } img { max-width: 100%; height: auto; }
            .meta, .missing { color: #666; } .warn { color: #b01c1c; font-weight: bold; }
            .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 0 12px; } .grid figure { margin: 0.4em 0; }
            tr th:first-child { text-align: left; }
            """;
}
