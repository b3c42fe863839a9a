package org.jdml.runner.guice;

import ai.djl.ndarray.NDManager;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdml.api.config.JdmlConfigurationException;
import org.jdml.runner.assembly.ComponentAssembler;
import org.jdml.runner.assembly.RunFacts;
import org.jdml.runner.assembly.RunComponents;
import org.jdml.runner.assembly.Environment;
import org.jdml.runner.model.EmbeddingModel;
import org.jdml.runner.train.DataParallel;
import org.jdml.runner.train.TrainSettings;

/**
 * Builds the run's components with {@link ComponentAssembler}, on the manager of the (main) training
 * device, and fails with every problem of the configuration at once: the training settings', the
 * components' and whether the backbone can train on the devices named.
 */
public final class ComponentModule extends AbstractModule {

    @Provides
    @Singleton
    NDManager runManager(ConfigModule.CheckedSettings checked) {
        return NDManager.newBaseManager(checked.settings().run().device());
    }

    @Provides
    @Singleton
    RunComponents components(Environment env, ConfigModule.CheckedSettings checked, NDManager manager) {
        List<String> problems = new ArrayList<>(checked.problems());
        RunComponents components = null;
        try {
            // with bad training settings the components are still checked, without a model
            Optional<EmbeddingModel.Recipe> recipe = checked.problems().isEmpty()
                    ? Optional.of(checked.settings().modelRecipe(EmbeddingModel.Start.FRESH)) : Optional.empty();
            components = new ComponentAssembler(env.config(), env.registries(), manager,
                    RunFacts.readable(env.config()), recipe).assemble();
            DataParallel.problem(components.backbone(), checked.settings().run().devices().size())
                    .ifPresent(problems::add);
        } catch (JdmlConfigurationException e) {
            // the training settings report the run's own keys, the assembly its components': no key twice
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new JdmlConfigurationException(problems);
        }
        return components;
    }

    /** The training settings, once they and the components are known to be valid. */
    @Provides
    @Singleton
    TrainSettings settings(ConfigModule.CheckedSettings checked, RunComponents validated) {
        return checked.settings();
    }
}
