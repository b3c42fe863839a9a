package org.jdml.dataset.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jdml.api.config.ComponentSettings;
import org.jdml.api.data.DataException;

/** Splits a dataset's classes into training and evaluation classes, for datasets that do not say. */
public final class ClassSplit {

    /** The two sets of class names. */
    public record Classes(Set<String> training, Set<String> evaluation) {}

    private ClassSplit() {}

    /** Reads the share of training classes, which must lie strictly between 0 and 1. */
    public static double fraction(ComponentSettings settings, String key) {
        double fraction = settings.getDouble(key);
        return settings.check(fraction > 0 && fraction < 1, key, "must be > 0 and < 1") ? fraction : 0.5;
    }

    /**
     * The first {@code round(fraction * n)} classes (in the given order, at least one and at most
     * {@code n - 1}) train, the others evaluate.
     *
     * @param classes every class, sorted
     */
    public static Classes byFraction(double fraction, List<String> classes, String where) {
        if (classes.size() < 2) {
            throw new DataException(where + " has " + classes.size() + " class" + (classes.size() == 1 ? "" : "es")
                    + ": a zero-shot split needs at least 2 (some to train, others to evaluate)");
        }
        int training = (int) Math.max(1, Math.min(classes.size() - 1, Math.round(fraction * classes.size())));
        return new Classes(new LinkedHashSet<>(classes.subList(0, training)),
                new LinkedHashSet<>(classes.subList(training, classes.size())));
    }

    /**
     * Explicit lists of class names when either is given (the other one then defaults to every
     * remaining class), else {@link #byFraction}. Unknown and shared names are problems of their key.
     */
    public static Classes byNames(ComponentSettings settings, String trainKey, String evalKey, String fractionKey,
            List<String> classes, String where) {
        List<String> train = settings.getStringList(trainKey);
        List<String> eval = settings.getStringList(evalKey);
        Classes byFraction = byFraction(fraction(settings, fractionKey), classes, where);
        if (train.isEmpty() && eval.isEmpty()) {
            return byFraction;
        }
        Set<String> known = new TreeSet<>(classes);
        boolean ok = known(settings, trainKey, train, known) & known(settings, evalKey, eval, known);
        Set<String> shared = new TreeSet<>(train);
        shared.retainAll(eval);
        ok &= settings.check(shared.isEmpty(), evalKey, "must not share classes with " + trainKey + " (zero-shot), shares "
                + shared);
        if (!ok) {
            return byFraction;
        }
        // in the order of the classes, whatever the order of the lists
        Set<String> trainSet = new LinkedHashSet<>(train.isEmpty() ? remaining(classes, eval) : ordered(classes, train));
        Set<String> evalSet = new LinkedHashSet<>(eval.isEmpty() ? remaining(classes, train) : ordered(classes, eval));
        if (trainSet.isEmpty() || evalSet.isEmpty()) {
            settings.problem(trainSet.isEmpty() ? evalKey : trainKey, "leaves no class for "
                    + (trainSet.isEmpty() ? "training" : "evaluation") + " among " + known);
            return byFraction;
        }
        return new Classes(trainSet, evalSet);
    }

    private static boolean known(ComponentSettings settings, String key, List<String> names, Set<String> known) {
        List<String> unknown = names.stream().filter(n -> !known.contains(n)).toList();
        return settings.check(unknown.isEmpty(), key, "names classes that do not exist: " + unknown
                + " (the classes are " + known + ")");
    }

    private static List<String> ordered(List<String> classes, List<String> names) {
        return classes.stream().filter(names::contains).toList();
    }

    private static List<String> remaining(List<String> classes, List<String> taken) {
        List<String> rest = new ArrayList<>(classes);
        rest.removeAll(taken);
        return rest;
    }
}
