package org.jdml.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The records of a run's {@code metrics.jsonl}: one JSON object per line, {@code "type": "iteration"}
 * (iteration, epoch, loss, lr, knobs), {@code "type": "evaluation"} (epoch, iteration, metrics) or
 * {@code "type": "epoch"} (its time, and the {@code loss-state}, {@code sampler-state} and
 * {@code controller-state} that components report).
 * Other types are ignored; lines that are not JSON objects are counted, not fatal, so that the report
 * of a run that was killed mid-write still appears.
 */
public record RunLog(List<Iteration> iterations, List<Evaluation> evaluations, List<Epoch> epochs,
        List<ComponentState> states, List<String> skippedItems,
        int unreadableLines) {

    /**
     * One training iteration. {@code lr} is NaN when absent, and so is {@code lossScale} when the
     * loss was not scaled; {@code overflowed} marks an update dropped because the scaled gradients
     * overflowed.
     */
    public record Iteration(long iteration, int epoch, double loss, double lr, Map<String, Double> knobs,
            double lossScale, boolean overflowed) {
    }

    /** One evaluation; {@code seconds} is NaN when absent. */
    public record Evaluation(int epoch, long iteration, Map<String, Double> metrics, double seconds) {
    }

    /** One finished epoch: the wall time of its iterations (NaN when absent). */
    public record Epoch(int epoch, long iteration, double seconds) {
    }

    /** The components whose epoch state the log carries, with their key in an epoch line. */
    public enum Component {
        LOSS("loss-state"), SAMPLER("sampler-state"), CONTROLLER("controller-state");

        private final String key;

        Component(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /** What a component reported about its own state at the end of an epoch. */
    public record ComponentState(Component component, int epoch, Map<String, Double> values) {
    }

    /** The states {@code component} reported, in epoch order. */
    public List<ComponentState> states(Component component) {
        return states.stream().filter(s -> s.component() == component).toList();
    }

    public static RunLog empty() {
        return new RunLog(List.of(), List.of(), List.of(), List.of(), List.of(), 0);
    }

    public static RunLog read(Path file) throws IOException {
        List<Iteration> iterations = new ArrayList<>();
        List<Evaluation> evaluations = new ArrayList<>();
        List<Epoch> epochs = new ArrayList<>();
        List<ComponentState> states = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int unreadable = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonElement element = JsonParser.parseString(line);
                    if (!element.isJsonObject()) {
                        unreadable++;
                        continue;
                    }
                    JsonObject o = element.getAsJsonObject();
                    String type = o.has("type") ? o.get("type").getAsString() : "";
                    if (type.equals("iteration")) {
                        iterations.add(new Iteration(o.get("iteration").getAsLong(), intOr(o, "epoch", 0),
                                o.get("loss").getAsDouble(), doubleOr(o, "lr", Double.NaN), numbers(o, "knobs"),
                                doubleOr(o, "loss-scale", Double.NaN),
                                o.has("overflowed") && o.get("overflowed").getAsBoolean()));
                    } else if (type.equals("evaluation")) {
                        evaluations.add(new Evaluation(intOr(o, "epoch", 0), o.has("iteration")
                                ? o.get("iteration").getAsLong() : -1, numbers(o, "metrics"),
                                doubleOr(o, "seconds", Double.NaN)));
                    } else if (type.equals("skipped") && o.has("items") && o.get("items").isJsonArray()) {
                        o.getAsJsonArray("items").forEach(item -> skipped.add(item.getAsString()));
                    } else if (type.equals("epoch")) {
                        epochs.add(new Epoch(intOr(o, "epoch", 0), o.has("iteration") ? o.get("iteration").getAsLong()
                                : -1, doubleOr(o, "seconds", Double.NaN)));
                        for (Component component : Component.values()) {
                            if (o.has(component.key())) {
                                states.add(new ComponentState(component, intOr(o, "epoch", 0),
                                        numbers(o, component.key())));
                            }
                        }
                    }
                } catch (JsonParseException | IllegalStateException | NullPointerException
                        | UnsupportedOperationException | NumberFormatException e) {
                    unreadable++;
                }
            }
        }
        return new RunLog(List.copyOf(iterations), List.copyOf(evaluations), List.copyOf(epochs),
                List.copyOf(states), List.copyOf(skipped), unreadable);
    }

    /** Knob names in order of first appearance. */
    public List<String> knobNames() {
        Map<String, Boolean> names = new LinkedHashMap<>();
        iterations.forEach(it -> it.knobs().keySet().forEach(k -> names.put(k, true)));
        return List.copyOf(names.keySet());
    }

    /** Metric names in order of first appearance. */
    public List<String> metricNames() {
        Map<String, Boolean> names = new LinkedHashMap<>();
        evaluations.forEach(ev -> ev.metrics().keySet().forEach(k -> names.put(k, true)));
        return List.copyOf(names.keySet());
    }

    private static Map<String, Double> numbers(JsonObject o, String key) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (o.has(key) && o.get(key).isJsonObject()) {
            for (Map.Entry<String, JsonElement> e : o.getAsJsonObject(key).entrySet()) {
                if (e.getValue().isJsonPrimitive() && e.getValue().getAsJsonPrimitive().isNumber()) {
                    out.put(e.getKey(), e.getValue().getAsDouble());
                } else if (e.getValue().isJsonPrimitive() && e.getValue().getAsJsonPrimitive().isBoolean()) {
                    out.put(e.getKey(), e.getValue().getAsBoolean() ? 1.0 : 0.0);
                }
            }
        }
        return out;
    }

    private static int intOr(JsonObject o, String key, int fallback) {
        return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsInt() : fallback;
    }

    private static double doubleOr(JsonObject o, String key, double fallback) {
        return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsDouble() : fallback;
    }
}
