package org.jdml.runner.assembly;

import ai.djl.ndarray.NDManager;
import java.util.Random;
import java.util.function.Supplier;
import org.jdml.api.ComponentContext;
import org.jdml.api.ComponentFactory;
import org.jdml.api.ComponentKind;
import org.jdml.api.data.DataSplit;
import org.jdml.api.data.Embedder;

/**
 * The runner's {@link ComponentContext}: one per component, so that each gets a random stream of
 * its own. The training split and the model exist before the components that ask for them are built
 * (the dataset and the model come first); a component that asks earlier is told so.
 */
final class RunContext implements ComponentContext {

    private final ComponentAssembler assembler;
    private final String component;

    RunContext(ComponentAssembler assembler, String component) {
        this.assembler = assembler;
        this.component = component;
    }

    @Override
    public NDManager manager() {
        return assembler.manager();
    }

    @Override
    public org.jdml.api.progress.ProgressDisplay progress() {
        return org.jdml.runner.progress.TaskProgress.display(true);
    }

    @Override
    public long seed() {
        return assembler.seed();
    }

    @Override
    public Random random() {
        return new Random(ComponentContext.componentSeed(assembler.seed(), component));
    }

    @Override
    public int embeddingSize() {
        return assembler.embeddingSize();
    }

    @Override
    public int trainingClasses() {
        return require(assembler::trainingData, "trainingClasses").classes();
    }

    @Override
    public String originOf(String path) {
        return assembler.originOf(path);
    }

    @Override
    public int batchSize() {
        return assembler.batchSize();
    }

    @Override
    public int iterationsPerEpoch() {
        return assembler.iterationsPerEpoch(require(assembler::trainingData, "iterationsPerEpoch").size());
    }

    @Override
    public DataSplit trainingData() {
        return require(assembler::trainingData, "trainingData");
    }

    @Override
    public Embedder embedder() {
        Embedder embedder = assembler.embedder();
        if (embedder != null) {
            return embedder;
        }
        // only reached while validating: the run fails with its problems before anything embeds
        String why = assembler.whyNoModel();
        return (indices, manager) -> {
            throw new IllegalStateException(component + " asked for the model's embedder, but " + why);
        };
    }

    @Override
    public <P> P create(ComponentKind<? extends ComponentFactory<P>> kind, String name) {
        return assembler.createNested(kind, name);
    }

    private <T> T require(Supplier<T> supplier, String what) {
        T value = supplier.get();
        if (value == null) {
            throw new IllegalStateException(component + " asked for " + what + " before the run had it");
        }
        return value;
    }
}
