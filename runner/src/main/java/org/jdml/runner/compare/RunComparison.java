package org.jdml.runner.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Several runs side by side: the settings in which they differ, which of them can be compared
 * (same dataset with the same settings: classes, split), their final metrics.
 */
final class RunComparison {

    /** Shown for a setting a run does not have. */
    static final String ABSENT = "(not set)";

    private final List<ComparedRun> runs;

    RunComparison(List<ComparedRun> runs) {
        this.runs = List.copyOf(runs);
    }

    List<ComparedRun> runs() {
        return runs;
    }

    /** Setting to each run's value, for the settings whose values are not all equal; by key. */
    Map<String, List<String>> differingSettings() {
        Set<String> keys = new TreeSet<>();
        runs.forEach(r -> keys.addAll(r.settings().keySet()));
        keys.removeAll(ComparedRun.IDENTITY);
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String key : keys) {
            List<String> values = runs.stream().map(r -> r.settings().getOrDefault(key, ABSENT)).toList();
            if (values.stream().distinct().count() > 1) {
                out.put(key, values);
            }
        }
        return out;
    }

    /** Each run's comparability group: 0 for the first run's dataset and split, 1 for the next one met, ... */
    int[] groups() {
        List<String> keys = new ArrayList<>();
        int[] out = new int[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            String key = runs.get(i).datasetKey();
            int at = keys.indexOf(key);
            if (at < 0) {
                keys.add(key);
                at = keys.size() - 1;
            }
            out[i] = at;
        }
        return out;
    }

    boolean allComparable() {
        return java.util.Arrays.stream(groups()).allMatch(g -> g == 0);
    }

    /** Metric names of the final evaluations, in order of first appearance. */
    List<String> metricNames() {
        Set<String> names = new LinkedHashSet<>();
        runs.forEach(r -> names.addAll(r.finalMetrics().keySet()));
        return List.copyOf(names);
    }

    /** Why runs are not comparable, one line per run outside the first group; empty when all are. */
    List<String> comparabilityNotes() {
        int[] groups = groups();
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            if (groups[i] != 0) {
                ComparedRun run = runs.get(i);
                notes.add(String.format(Locale.ROOT, "%s is not comparable with %s: %s", run.name(), runs.get(0).name(),
                        datasetDifference(runs.get(0), run)));
            }
        }
        return notes;
    }

    private static String datasetDifference(ComparedRun a, ComparedRun b) {
        String da = a.settings().getOrDefault("jdml.dataset.name", ABSENT);
        String db = b.settings().getOrDefault("jdml.dataset.name", ABSENT);
        if (!da.equals(db)) {
            return "dataset " + db + " against " + da;
        }
        List<String> differing = new ArrayList<>();
        Set<String> keys = new TreeSet<>(a.settings().keySet());
        keys.addAll(b.settings().keySet());
        for (String key : keys) {
            if (key.startsWith("jdml.dataset." + da + ".")
                    && !Objects.equals(a.settings().get(key), b.settings().get(key))) {
                differing.add(key + " = " + b.settings().getOrDefault(key, ABSENT) + " against "
                        + a.settings().getOrDefault(key, ABSENT));
            }
        }
        return "same dataset, other split or items (" + String.join("; ", differing) + ")";
    }

    /** The terminal table: differing settings, final metrics, mean epoch time, comparability. */
    String table() {
        List<String> header = new ArrayList<>();
        header.add("");
        runs.forEach(r -> header.add(r.name()));
        List<List<String>> rows = new ArrayList<>();
        int[] groups = groups();
        if (!allComparable()) {
            List<String> row = new ArrayList<>(List.of("comparable group"));
            for (int g : groups) {
                row.add(Character.toString('A' + g));
            }
            rows.add(row);
        }
        differingSettings().forEach((key, values) -> {
            List<String> row = new ArrayList<>(List.of(key));
            row.addAll(values);
            rows.add(row);
        });
        for (String metric : metricNames()) {
            List<String> row = new ArrayList<>(List.of(metric));
            runs.forEach(r -> row.add(format(r.finalMetrics().get(metric))));
            rows.add(row);
        }
        List<String> time = new ArrayList<>(List.of("seconds per epoch"));
        runs.forEach(r -> time.add(Double.isNaN(r.meanEpochSeconds()) ? "n/a"
                : String.format(Locale.ROOT, "%.1f", r.meanEpochSeconds())));
        rows.add(time);
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = header.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder text = new StringBuilder();
        line(text, header, widths);
        StringBuilder rule = new StringBuilder();
        for (int w : widths) {
            rule.append(rule.length() == 0 ? "" : "  ").append("-".repeat(w));
        }
        text.append(rule).append('\n');
        rows.forEach(row -> line(text, row, widths));
        comparabilityNotes().forEach(note -> text.append("Note: ").append(note).append('\n'));
        return text.toString();
    }

    private static void line(StringBuilder text, List<String> cells, int[] widths) {
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                text.append("  ");
            }
            String cell = cells.get(c);
            text.append(c == 0 ? String.format("%-" + widths[c] + "s", cell) : String.format("%" + widths[c] + "s", cell));
        }
        text.append('\n');
    }

    static String format(Double v) {
        return v == null ? "" : Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.4f", v);
    }
}
