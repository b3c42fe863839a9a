package org.jdml.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Writes a run folder's {@code report.html} and its plots under {@code plots/}: the loss per iteration
 * (raw points under a moving average), each adaptive-controller knob per iteration, Recall@K and the
 * other metrics per epoch, a table of every evaluation, and a 2-D PCA projection of the evaluation
 * embeddings coloured by class (at most {@value #MAX_PROJECTED_POINTS} points, a seeded sample). Every
 * input is optional: a section whose data is missing says so.
 *
 * <p>Inputs in the run folder: {@code metrics.jsonl} (see {@link RunLog}), {@code config.conf},
 * {@code components.txt}, {@code embeddings/eval-embeddings.npy} with {@code embeddings/eval-labels.npy}.
 * Charts are drawn headless (no display needed).
 */
public final class ReportWriter {

    /** Points in the embedding projection at most (a seeded sample beyond that). */
    public static final int MAX_PROJECTED_POINTS = 5000;
    static final String PLOTS = "plots";

    private ReportWriter() {
    }

    /**
     * Reads {@code metrics.jsonl}, {@code config.conf}, {@code components.txt} and the evaluation
     * embeddings of {@code runDir} (each when present) and writes {@code report.html} and
     * {@code plots/*.png}.
     *
     * @throws UncheckedIOException when the folder cannot be read or written
     */
    public static void write(Path runDir) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        try {
            new Builder(runDir).build();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the report of " + runDir + ": " + e.getMessage(), e);
        }
    }

    /** Collects the sections, then writes the page. */
    private static final class Builder {
        private final Path runDir;
        private final Path plots;
        private final StringBuilder body = new StringBuilder();

        Builder(Path runDir) {
            this.runDir = runDir;
            this.plots = runDir.resolve(PLOTS);
        }

        void build() throws IOException {
            if (!Files.isDirectory(runDir)) {
                throw new IOException("no such folder");
            }
            Files.createDirectories(plots);
            Path metricsFile = runDir.resolve("metrics.jsonl");
            RunLog log = Files.exists(metricsFile) ? RunLog.read(metricsFile) : RunLog.empty();
            String name = runDir.toAbsolutePath().normalize().getFileName().toString();

            body.append("<h1>Run ").append(html(name)).append("</h1>\n");
            summary(log, metricsFile);
            evaluationTable(log);
            training(log);
            metricsPerEpoch(log);
            componentStates(log);
            skipped(log);
            embeddings();
            retrieval();
            text("Components", runDir.resolve("components.txt"));
            text("Configuration", runDir.resolve("config.conf"));

            String page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>jdml run "
                    + html(name) + "</title>\n<style>\n" + CSS + RetrievalFragment.CSS + "</style>\n</head>\n<body>\n" + body
                    + "</body>\n</html>\n";
            Path tmp = runDir.resolve("report.html.tmp");
            Files.writeString(tmp, page, StandardCharsets.UTF_8);
            Files.move(tmp, runDir.resolve("report.html"), StandardCopyOption.REPLACE_EXISTING);
        }

        private void summary(RunLog log, Path metricsFile) {
            body.append("<p class=\"meta\">");
            if (!Files.exists(metricsFile)) {
                body.append("No metrics.jsonl in this folder.");
            } else {
                body.append(log.iterations().size()).append(" training iterations logged, ")
                        .append(log.evaluations().size()).append(" evaluations");
                if (log.unreadableLines() > 0) {
                    body.append(", ").append(log.unreadableLines()).append(" unreadable lines skipped");
                }
                body.append('.');
            }
            body.append("</p>\n");
            if (!log.evaluations().isEmpty()) {
                RunLog.Evaluation last = log.evaluations().get(log.evaluations().size() - 1);
                body.append("<p class=\"final\">Last evaluation (epoch ").append(last.epoch()).append("): ");
                List<String> parts = new ArrayList<>();
                last.metrics().forEach((k, v) -> parts.add("<b>" + html(k) + "</b> " + number(v)));
                body.append(String.join(", ", parts)).append("</p>\n");
            }
        }

        private void evaluationTable(RunLog log) {
            body.append("<h2>Evaluations</h2>\n");
            if (log.evaluations().isEmpty()) {
                body.append("<p class=\"missing\">No evaluation recorded.</p>\n");
                return;
            }
            List<String> names = log.metricNames();
            boolean timed = log.evaluations().stream().anyMatch(e -> !Double.isNaN(e.seconds()));
            body.append("<table>\n<tr><th>epoch</th><th>iteration</th>");
            names.forEach(n -> body.append("<th>").append(html(n)).append("</th>"));
            if (timed) {
                body.append("<th>seconds</th>");
            }
            body.append("</tr>\n");
            for (RunLog.Evaluation e : log.evaluations()) {
                body.append("<tr><td>").append(e.epoch()).append("</td><td>")
                        .append(e.iteration() >= 0 ? Long.toString(e.iteration()) : "").append("</td>");
                for (String n : names) {
                    Double v = e.metrics().get(n);
                    body.append("<td>").append(v == null ? "" : number(v)).append("</td>");
                }
                if (timed) {
                    body.append("<td>").append(Double.isNaN(e.seconds()) ? ""
                            : String.format(Locale.ROOT, "%.1f", e.seconds())).append("</td>");
                }
                body.append("</tr>\n");
            }
            body.append("</table>\n");
        }

        private void training(RunLog log) throws IOException {
            body.append("<h2>Training</h2>\n");
            List<RunLog.Iteration> its = log.iterations();
            if (its.isEmpty()) {
                body.append("<p class=\"missing\">No training iterations recorded.</p>\n");
                return;
            }
            double[] x = its.stream().mapToDouble(RunLog.Iteration::iteration).toArray();
            double[] loss = its.stream().mapToDouble(RunLog.Iteration::loss).toArray();
            Charts.perIteration(plots.resolve("loss.png"), "Training loss", "loss", x, loss);
            image("loss.png", "training loss per iteration");
            if (varies(its.stream().mapToDouble(RunLog.Iteration::lr).toArray())) {   // a constant rate: no chart
                double[] lr = its.stream().mapToDouble(RunLog.Iteration::lr).toArray();
                Charts.setting(plots.resolve("learning-rate.png"), "Learning rate", "learning rate", x, lr);
                image("learning-rate.png", "learning rate per iteration");
            }
            List<RunLog.Iteration> scaled = its.stream().filter(it -> !Double.isNaN(it.lossScale())).toList();
            if (!scaled.isEmpty()) {
                // fp16's loss scaling: where the scale settled, and how many updates it cost
                Charts.setting(plots.resolve("loss-scale.png"), "Loss scale (log2)", "log2 of the loss scale",
                        scaled.stream().mapToDouble(RunLog.Iteration::iteration).toArray(),
                        scaled.stream().mapToDouble(it -> Math.log(it.lossScale()) / Math.log(2)).toArray());
                image("loss-scale.png", "log2 of the loss scale per iteration");
                long overflows = its.stream().filter(RunLog.Iteration::overflowed).count();
                body.append("<p>").append(overflows).append(overflows == 1 ? " update was" : " updates were")
                        .append(" dropped because the scaled gradients overflowed (the scale halved each time).</p>\n");
            }
            for (String knob : log.knobNames()) {
                List<double[]> points = new ArrayList<>();
                for (RunLog.Iteration it : its) {
                    Double v = it.knobs().get(knob);
                    if (v != null) {
                        points.add(new double[] {it.iteration(), v});
                    }
                }
                String file = "knob-" + fileName(knob) + ".png";
                Charts.setting(plots.resolve(file), "Knob " + knob, knob, points.stream().mapToDouble(p -> p[0]).toArray(),
                        points.stream().mapToDouble(p -> p[1]).toArray());
                image(file, "knob " + knob + " per iteration");
            }
        }

        private void metricsPerEpoch(RunLog log) throws IOException {
            body.append("<h2>Metrics per epoch</h2>\n");
            if (log.evaluations().isEmpty()) {
                body.append("<p class=\"missing\">No evaluation recorded.</p>\n");
                return;
            }
            if (log.evaluations().size() == 1) {   // one point on an axis says less than the table above
                body.append("<p class=\"meta\">One evaluation: its values are in the table above.</p>\n");
                return;
            }
            double[] epochs = log.evaluations().stream().mapToDouble(RunLog.Evaluation::epoch).toArray();
            Map<String, double[]> recall = new LinkedHashMap<>();
            Map<String, double[]> others = new LinkedHashMap<>();
            for (String n : log.metricNames()) {
                double[] values = log.evaluations().stream()
                        .mapToDouble(e -> e.metrics().getOrDefault(n, Double.NaN)).toArray();
                (n.startsWith("recall@") ? recall : others).put(n, values);
            }
            if (!recall.isEmpty()) {
                Charts.perEpoch(plots.resolve("recall.png"), "Recall@K", epochs, recall);
                image("recall.png", "Recall@K per epoch");
            }
            if (!others.isEmpty()) {
                Charts.perEpoch(plots.resolve("metrics.png"), "NMI, MAP@R, R-precision", epochs, others);
                image("metrics.png", "other metrics per epoch");
            }
        }

        /**
         * What the loss, sampler and controller reported per epoch (SoftTriple's distinct centres, the
         * triplets smart mining drew, κ and the training error), a table each; the controller's error
         * against its target and κ also as charts.
         */
        private void componentStates(RunLog log) throws IOException {
            stateTable(log.states(RunLog.Component.LOSS), "Loss state per epoch");
            stateTable(log.states(RunLog.Component.SAMPLER), "Sampler per epoch");
            List<RunLog.ComponentState> controller = log.states(RunLog.Component.CONTROLLER);
            stateTable(controller, "Controller per epoch");
            double[] epochs = controller.stream().mapToDouble(RunLog.ComponentState::epoch).toArray();
            if (controller.stream().anyMatch(c -> c.values().containsKey("error"))) {
                Map<String, double[]> error = new LinkedHashMap<>();
                error.put("training error", column(controller, "error"));
                error.put("target", column(controller, "target"));
                Charts.perEpoch(plots.resolve("controller-error.png"), "Training error and its target", epochs, error);
                image("controller-error.png", "the controller's training error per epoch against its target");
            }
            if (controller.stream().anyMatch(c -> c.values().containsKey("kappa"))) {
                Map<String, double[]> kappa = new LinkedHashMap<>();
                kappa.put("kappa during the epoch", column(controller, "kappa"));
                kappa.put("kappa for the next epoch", column(controller, "next-kappa"));
                Charts.perEpoch(plots.resolve("controller-kappa.png"), "kappa per epoch", epochs, kappa);
                image("controller-kappa.png", "kappa per epoch, as the controller set it");
            }
        }

        /** The items the dataset skipped as unreadable, when there were any. */
        private void skipped(RunLog log) {
            if (log.skippedItems().isEmpty()) {
                return;
            }
            List<String> items = log.skippedItems();
            body.append("<h2>Skipped items</h2>\n<p>The dataset skipped ").append(items.size())
                    .append(" unreadable item(s) (<code>skip-unreadable = true</code>); each was replaced by a readable"
                            + " item of its class.</p>\n<ul>\n");
            for (String item : items.subList(0, Math.min(200, items.size()))) {
                body.append("<li>").append(html(item)).append("</li>\n");
            }
            if (items.size() > 200) {
                body.append("<li>... and ").append(items.size() - 200).append(" more in metrics.jsonl</li>\n");
            }
            body.append("</ul>\n");
        }

        private static double[] column(List<RunLog.ComponentState> states, String key) {
            return states.stream().mapToDouble(s -> s.values().getOrDefault(key, Double.NaN)).toArray();
        }

        private void stateTable(List<RunLog.ComponentState> states, String title) {
            if (states.isEmpty()) {
                return;
            }
            body.append("<h2>").append(html(title)).append("</h2>\n<table>\n<tr><th>epoch</th>");
            Map<String, Boolean> names = new LinkedHashMap<>();
            states.forEach(s -> s.values().keySet().forEach(k -> names.put(k, true)));
            names.keySet().forEach(n -> body.append("<th>").append(html(n)).append("</th>"));
            body.append("</tr>\n");
            for (RunLog.ComponentState state : states) {
                body.append("<tr><td>").append(state.epoch()).append("</td>");
                for (String n : names.keySet()) {
                    Double v = state.values().get(n);
                    body.append("<td>").append(v == null ? "" : count(v)).append("</td>");
                }
                body.append("</tr>\n");
            }
            body.append("</table>\n");
        }

        /** Whole numbers (counts, flags) without decimals, anything else as {@link #number}. */
        private static String count(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e12 ? Long.toString((long) v) : number(v);
        }

        private void embeddings() throws IOException {
            body.append("<h2>Evaluation embeddings</h2>\n");
            Path dir = runDir.resolve("embeddings");
            Path values = dir.resolve("eval-embeddings.npy");
            Path labelsFile = dir.resolve("eval-labels.npy");
            if (!Files.exists(values) || !Files.exists(labelsFile)) {
                body.append("<p class=\"missing\">No embeddings/eval-embeddings.npy and eval-labels.npy.</p>\n");
                return;
            }
            long[] shape = Npy.readShape(values);
            float[] data = Npy.readFloats(values);
            int[] labels = Npy.readInts(labelsFile);
            if (shape.length != 2 || shape[0] != labels.length) {
                body.append("<p class=\"missing\">Embeddings of shape ").append(html(java.util.Arrays.toString(shape)))
                        .append(" do not match ").append(labels.length).append(" labels.</p>\n");
                return;
            }
            int n = labels.length;
            int d = (int) shape[1];
            int[] rows = sample(n, MAX_PROJECTED_POINTS);
            Pca.Projection p = Pca.project(data, d, rows);
            int[] sampledLabels = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                sampledLabels[i] = labels[rows[i]];
            }
            String title = String.format(Locale.ROOT, "PCA of %s evaluation embeddings (%d-D)",
                    rows.length < n ? rows.length + " of " + n : Integer.toString(n), d);
            Charts.scatterByClass(plots.resolve("embeddings-pca.png"), title,
                    String.format(Locale.ROOT, "PC 1 (%.1f %% of variance)", 100 * p.explained()[0]),
                    String.format(Locale.ROOT, "PC 2 (%.1f %% of variance)", 100 * p.explained()[1]),
                    p.points(), sampledLabels);
            image("embeddings-pca.png", "2-D PCA projection of the evaluation embeddings, coloured by class");
        }

        /** The retrieval section the run wrote with its dataset at hand (pictures, per-class numbers), if any. */
        private void retrieval() throws IOException {
            Path fragment = runDir.resolve(RetrievalFragment.FOLDER).resolve(RetrievalFragment.FRAGMENT);
            if (Files.exists(fragment)) {
                body.append(Files.readString(fragment, StandardCharsets.UTF_8));
            }
        }

        private void text(String title, Path file) throws IOException {
            body.append("<h2>").append(title).append("</h2>\n");
            if (!Files.exists(file)) {
                body.append("<p class=\"missing\">No ").append(html(file.getFileName().toString()))
                        .append(".</p>\n");
                return;
            }
            body.append("<pre>").append(html(Files.readString(file, StandardCharsets.UTF_8))).append("</pre>\n");
        }

        private void image(String file, String alt) {
            body.append("<figure><img src=\"").append(PLOTS).append('/').append(file).append("\" alt=\"")
                    .append(html(alt)).append("\" width=\"").append(Charts.WIDTH).append("\"></figure>\n");
        }
    }

    /** Up to {@code max} distinct row indices in ascending order, a seeded sample when n is larger. */
    static int[] sample(int n, int max) {
        if (n <= max) {
            return java.util.stream.IntStream.range(0, n).toArray();
        }
        int[] all = java.util.stream.IntStream.range(0, n).toArray();
        Random random = new Random(0);
        for (int i = 0; i < max; i++) {   // partial Fisher-Yates
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] chosen = java.util.Arrays.copyOf(all, max);
        java.util.Arrays.sort(chosen);
        return chosen;
    }

    /** Whether the finite values are not all the same. */
    static boolean varies(double[] values) {
        double[] finite = java.util.Arrays.stream(values).filter(Double::isFinite).toArray();
        return finite.length > 1 && java.util.Arrays.stream(finite).max().getAsDouble()
                > java.util.Arrays.stream(finite).min().getAsDouble();
    }

    /** A knob name as a file name: "smart-mining.neighbours" stays, other characters become '_'. */
    static String fileName(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static final String CSS = """
            body { font-family: sans-serif; margin: 2em auto; max-width: 960px; color: #222; }
            h1 { font-size: 1.6em; } h2 { margin-top: 1.6em; border-bottom: 1px solid #ddd; }
            table { border-collapse: collapse; font-size: 0.9em; }
            th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
            th { background: #f3f3f3; }
            pre { background: #f7f7f7; padding: 0.8em; overflow-x: auto; font-size: 0.85em; }
            figure { margin: 1em 0; } img { max-width: 100%; height: auto; }
            .meta, .missing { color: #666; } .final { font-size: 1.05em; }
            """;
}
