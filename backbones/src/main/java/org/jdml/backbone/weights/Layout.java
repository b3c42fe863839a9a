package org.jdml.backbone.weights;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.jdml.api.model.ReferenceLayout;

/**
 * How a reference implementation names the parameters of one of jdml's networks, which stages they
 * fall in, and which of the reference's tensors have no place in jdml's network (the classifier it
 * drops, auxiliary heads, batch-norm counters).
 */
public final class Layout implements ReferenceLayout {

    private static final String COUNTER = ".num_batches_tracked";

    private final String layoutName;
    private final List<String> referenceNames;
    private final Set<String> known;
    private final List<String> stages;
    private final Function<String, String> stageRule;
    private final String headName;
    private final List<String> auxiliaryHeads;

    /**
     * @param stageRule the stage of a reference name (only ever asked about {@code referenceNames})
     * @param auxiliaryHeads further modules of the reference that jdml leaves out (GoogLeNet's aux1, aux2)
     * @throws IllegalArgumentException if a name is repeated or falls in no listed stage
     */
    public Layout(String layoutName, List<String> referenceNames, List<String> stages,
            Function<String, String> stageRule, String headName, List<String> auxiliaryHeads) {
        this.layoutName = layoutName;
        this.referenceNames = List.copyOf(referenceNames);
        this.known = new HashSet<>(referenceNames);
        this.stages = List.copyOf(stages);
        this.stageRule = stageRule;
        this.headName = headName;
        this.auxiliaryHeads = List.copyOf(auxiliaryHeads);
        if (known.size() != referenceNames.size()) {
            throw new IllegalArgumentException(layoutName + " names a parameter twice");
        }
        for (String name : referenceNames) {
            if (!stages.contains(stageRule.apply(name))) {
                throw new IllegalArgumentException(layoutName + ": '" + name + "' falls in no stage of " + stages);
            }
        }
    }

    @Override
    public List<String> referenceNames() {
        return referenceNames;
    }

    @Override
    public List<String> stages() {
        return stages;
    }

    @Override
    public String stageOf(String referenceName) {
        if (!known.contains(referenceName)) {
            throw new IllegalArgumentException("'" + referenceName + "' names no parameter of " + layoutName
                    + " (the names start " + referenceNames.subList(0, Math.min(3, referenceNames.size())) + ")");
        }
        return stageRule.apply(referenceName);
    }

    @Override
    public String headName() {
        return headName;
    }

    @Override
    public String layoutName() {
        return layoutName;
    }

    /** Whether a reference file's tensor may be left out: the heads jdml drops and the batch-norm counters. */
    public boolean ignorable(String tensor) {
        if (tensor.endsWith(COUNTER) || tensor.startsWith(headName + ".")) {
            return true;
        }
        return auxiliaryHeads.stream().anyMatch(head -> tensor.startsWith(head + "."));
    }

    /** What {@link #ignorable} leaves out, for the log: "the classifier (fc.*) and the batch counters". */
    public String leftOut() {
        List<String> heads = new ArrayList<>();
        heads.add(headName + ".*");
        auxiliaryHeads.forEach(h -> heads.add(h + ".*"));
        return "the classifier" + (auxiliaryHeads.isEmpty() ? "" : "s") + " (" + String.join(", ", heads)
                + ") and the batch counters";
    }
}
