package org.jdml.runner.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * {@code metrics.jsonl}: one JSON object per line, appended and flushed as the run goes.
 *
 * <pre>
 * {"type":"iteration","iteration":0,"epoch":1,"loss":0.19,"lr":0.001,"seconds":0.4,"active":0.61,
 *  "grad-norm":1.3,"knobs":{}}
 * {"type":"epoch","epoch":1,"iteration":292,"seconds":41.3,"data-wait-share":0.02,"sampler-share":0.01,
 *  "loss-state":{"distinct-centres-mean":7.2},"sampler-state":{"mined":11680},"controller-state":{"kappa":2.0}}
 * {"type":"evaluation","epoch":1,"iteration":291,"metrics":{"recall@1":0.93,...},"seconds":50.2}
 * </pre>
 *
 * {@code iteration} of an iteration line counts from 0; {@code epoch} counts from 1; an epoch or
 * evaluation line's {@code iteration} is the number of iterations done. An epoch line's {@code
 * seconds} is the wall time of the epoch's iterations, {@code data-wait-share} the share of it
 * the steps waited for their batches to be read and {@code sampler-share} the share the sampler
 * took to choose them (smart mining's refreshes included), {@code loss-state} (only for losses that
 * report one) what the loss says about its own parameters at the epoch's end, {@code sampler-state}
 * and {@code controller-state} (likewise) what the sampler drew and the controller decided. Non-finite numbers are written as null.
 * A checkpoint records the log's length, and a resumed run cuts the log back to it.
 */
public final class MetricsLog implements AutoCloseable {

    private final Gson gson = new GsonBuilder().serializeNulls().create();
    private final FileChannel channel;

    public MetricsLog(Path file) {
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            channel.position(channel.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }

    /** Bytes written so far. */
    public long size() {
        try {
            return channel.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Cuts the log back to {@code bytes} (a checkpoint's length) for a resumed run to rewrite what
     * followed. Lines that another command appended since (with a {@code "source"}, such as {@code jdml
     * eval}'s evaluations) are not the training's to rewrite: they are kept, after the cut.
     *
     * @return how many such lines were kept
     */
    public int truncate(long bytes) {
        try {
            java.util.List<String> kept = new java.util.ArrayList<>();
            long size = channel.size();
            if (size > bytes) {
                java.nio.ByteBuffer tail = java.nio.ByteBuffer.allocate(Math.toIntExact(size - bytes));
                channel.read(tail, bytes);
                for (String line : new String(tail.array(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                    if (line.contains("\"source\"") && isAppendedByAnotherCommand(line)) {
                        kept.add(line);
                    }
                }
            }
            channel.truncate(bytes);
            channel.position(bytes);
            for (String line : kept) {
                channel.write(java.nio.ByteBuffer.wrap((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            channel.force(false);
            return kept.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isAppendedByAnotherCommand(String line) {
        try {
            JsonObject o = com.google.gson.JsonParser.parseString(line).getAsJsonObject();
            return o.has("source") && o.get("source").isJsonPrimitive();
        } catch (RuntimeException notJson) {
            return false;
        }
    }

    public void iteration(StepResult step, double seconds) {
        JsonObject line = new JsonObject();
        line.addProperty("type", "iteration");
        line.addProperty("iteration", step.iteration());
        line.addProperty("epoch", step.epoch());
        line.add("loss", number(step.loss()));
        line.add("lr", number(step.learningRate()));
        line.add("seconds", number(seconds));
        if (!Double.isNaN(step.activeFraction())) {
            line.add("active", number(step.activeFraction()));
        }
        line.add("grad-norm", number(step.gradientNorm()));
        if (step.skipped()) {
            line.addProperty("skipped", true);
        }
        if (!Double.isNaN(step.lossScale())) {
            line.add("loss-scale", number(step.lossScale()));
        }
        if (step.overflowed()) {
            line.addProperty("overflowed", true);
        }
        JsonObject knobs = new JsonObject();
        step.knobs().forEach((k, v) -> knobs.add(k, number(v)));
        line.add("knobs", knobs);
        append(line);
    }

    /** @param iteration the number of iterations done */
    public void epoch(EpochTiming timing, long iteration) {
        epoch(timing, iteration, Map.of());
    }

    /**
     * @param iteration the number of iterations done
     * @param lossState the loss's {@link org.jdml.api.loss.MetricLoss#epochState()}, written as {@code
     *     "loss-state"} when not empty
     */
    public void epoch(EpochTiming timing, long iteration, Map<String, Double> lossState) {
        epoch(timing, iteration, lossState, Map.of(), Map.of());
    }

    /**
     * @param samplerState the sampler's {@link org.jdml.api.data.BatchSampler#epochState()}, as {@code
     *     "sampler-state"}
     * @param controllerState the controller's {@link org.jdml.api.control.AdaptiveController#epochState()},
     *     as {@code "controller-state"}
     */
    public void epoch(EpochTiming timing, long iteration, Map<String, Double> lossState,
            Map<String, Double> samplerState, Map<String, Double> controllerState) {
        JsonObject line = new JsonObject();
        line.addProperty("type", "epoch");
        line.addProperty("epoch", timing.epoch());
        line.addProperty("iteration", iteration);
        line.add("seconds", number(timing.seconds()));
        line.add("data-wait-share", number(timing.dataWaitShare()));
        line.add("sampler-share", number(timing.samplerShare()));
        addState(line, "loss-state", lossState);
        addState(line, "sampler-state", samplerState);
        addState(line, "controller-state", controllerState);
        append(line);
    }

    private void addState(JsonObject line, String key, Map<String, Double> values) {
        if (!values.isEmpty()) {
            JsonObject state = new JsonObject();
            values.forEach((k, v) -> state.add(k, number(v)));
            line.add(key, state);
        }
    }

    /**
     * Items the dataset skipped as unreadable since the last such line: {@code {"type":"skipped",
     * "epoch":1,"total":3,"items":["…: reason", …]}}.
     */
    public void skipped(int epoch, int total, java.util.List<String> items) {
        JsonObject line = new JsonObject();
        line.addProperty("type", "skipped");
        line.addProperty("epoch", epoch);
        line.addProperty("total", total);
        com.google.gson.JsonArray list = new com.google.gson.JsonArray();
        items.forEach(list::add);
        line.add("items", list);
        append(line);
    }

    /**
     * @param extra more fields, e.g. {"source": "jdml eval"}
     */
    public void evaluation(int epoch, long iteration, Map<String, Double> metrics, double seconds,
            Map<String, String> extra) {
        JsonObject line = new JsonObject();
        line.addProperty("type", "evaluation");
        line.addProperty("epoch", epoch);
        line.addProperty("iteration", iteration);
        JsonObject values = new JsonObject();
        metrics.forEach((k, v) -> values.add(k, number(v)));
        line.add("metrics", values);
        line.add("seconds", number(seconds));
        extra.forEach(line::addProperty);
        append(line);
    }

    private static JsonElement number(double value) {
        return Double.isFinite(value) ? new JsonPrimitive(value) : JsonNull.INSTANCE;
    }

    private void append(JsonObject line) {
        byte[] bytes = (gson.toJson(line) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
