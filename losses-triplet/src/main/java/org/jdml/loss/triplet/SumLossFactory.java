package org.jdml.loss.triplet;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jdml.api.ComponentContext;
import org.jdml.api.ComponentKind;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.api.loss.LossFactory;
import org.jdml.api.loss.MetricLoss;

/**
 * Builds the {@value #NAME} loss, a {@link SumLoss} of other losses, each built by name with its own
 * settings ({@code jdml.loss.<part>}). Settings under {@code jdml.loss.sum}:
 *
 * <pre>
 * jdml.loss.sum {
 *   parts = [
 *     { loss = triplet, weight = 1.0 }
 *     { loss = global, weight = 1.0 }
 *   ]
 * }
 * </pre>
 *
 * <p>The parts are a list rather than a map of name to weight so that the defaults can name parts:
 * HOCON merges objects key by key, so a run could never drop a part of a default map, while a list
 * is replaced as a whole. Problems: no part, a part that is not {@code { loss, weight }}, a weight
 * that is not finite and positive, a part named {@value #NAME}, a part listed twice, an unknown loss
 * (with the registry's list of names), a part whose own settings are bad, and parts with learnable
 * parameters whose learning-rate multipliers differ (see {@link SumLoss}).
 */
public final class SumLossFactory implements LossFactory {

    public static final String NAME = "sum";

    private static final Set<String> PART_KEYS = Set.of("loss", "weight");
    private static final String PART_SHAPE = "{ loss = <name>, weight = <number> }";

    public SumLossFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Weighted sum of other losses, each with its own settings (e.g. triplet + global)";
    }

    @Override
    public MetricLoss create(ComponentSettings s, ComponentContext context) {
        List<SumLoss.Part> parts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<? extends ConfigValue> entries = entries(s);
        if (entries != null && entries.isEmpty()) {
            s.problem("parts", "needs at least one part " + PART_SHAPE);
        }
        for (int i = 0; entries != null && i < entries.size(); i++) {
            SumLoss.Part part = part(s, context, entries.get(i), i, seen);
            if (part != null) {
                parts.add(part);
            }
        }
        String conflict = SumLoss.multiplierConflict(SumLoss.learnable(parts));
        if (conflict != null) {
            s.problem("parts", conflict);
            parts.subList(1, parts.size()).clear();
        }
        if (parts.isEmpty()) {
            // a stand-in, so that building goes on; the problems above stop the run before it trains
            parts.add(new SumLoss.Part("none", 1.0, new TripletMarginLoss(0, Distance.EUCLIDEAN, true,
                    Reducer.SUM, false)));
        }
        return new SumLoss(parts);
    }

    /** The {@code index}-th entry of {@code parts}, built; null (with the problem recorded) if it is bad. */
    private static SumLoss.Part part(ComponentSettings s, ComponentContext context, ConfigValue entry, int index,
            Set<String> seen) {
        int line = entry.origin().lineNumber();
        String where = "part " + (index + 1) + (line > 0 ? " (line " + line + ")" : "");
        if (entry.valueType() != ConfigValueType.OBJECT) {
            s.problem("parts", where + " must be " + PART_SHAPE + ", was " + entry.render());
            return null;
        }
        Config part = ((ConfigObject) entry).toConfig();
        Set<String> unknown = new TreeSet<>(part.root().keySet());
        unknown.removeAll(PART_KEYS);
        if (!unknown.isEmpty() || !part.hasPath("loss") || !part.hasPath("weight")) {
            s.problem("parts", where + " must be " + PART_SHAPE + ", was " + entry.render());
            return null;
        }
        String name;
        double weight;
        try {
            name = part.getString("loss");
            weight = part.getDouble("weight");
        } catch (ConfigException e) {
            s.problem("parts", where + ": " + e.getMessage());
            return null;
        }
        if (name.equals(NAME)) {
            s.problem("parts", where + ": a sum cannot contain a sum (its parts are read from this same setting)");
            return null;
        }
        if (!seen.add(name)) {
            s.problem("parts", where + ": '" + name + "' is listed twice; list it once with the summed weight");
            return null;
        }
        boolean weightValid = Double.isFinite(weight) && weight > 0;
        if (!weightValid) {
            s.problem("parts", where + " '" + name + "': weight must be a finite number > 0, was " + weight);
        }
        MetricLoss loss;
        try {
            // built even with a bad weight, so that its own problems are reported in the same run
            loss = context.create(ComponentKind.LOSS, name);
        } catch (JdmlConfigurationException e) {
            for (String problem : e.problems()) {
                s.problem("parts", where + " '" + name + "': " + problem);
            }
            return null;
        }
        return weightValid ? new SumLoss.Part(name, weight, loss) : null;
    }

    /**
     * The list under {@code parts}; a value of another shape is a problem and gives no entries. Null
     * when the shape check has already reported it (e.g. a part that is not an object).
     */
    private static List<? extends ConfigValue> entries(ComponentSettings s) {
        Config settings = s.config();
        String key = "'" + s.path() + ".parts'";
        if (s.problems().stream().anyMatch(p -> p.contains(key))) {
            return null;
        }
        try {
            ConfigList list = settings.getList("parts");
            return list;
        } catch (ConfigException e) {
            s.problem("parts", "must be a list of " + PART_SHAPE + ", " + e.getMessage());
            return List.of();
        }
    }
}
