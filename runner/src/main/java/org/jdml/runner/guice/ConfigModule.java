package org.jdml.runner.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import org.jdml.runner.assembly.Registries;
import org.jdml.runner.assembly.Environment;
import org.jdml.runner.train.TrainSettings;

/**
 * Binds the run's {@link Environment} (plugins, registries, resolved configuration) and the training
 * settings read from it. Settings problems are collected here and reported together with the
 * components' problems by {@link ComponentModule}. Also sets the injector's rules: explicit bindings
 * only, no circular proxies.
 */
public final class ConfigModule extends AbstractModule {

    /** The training settings as read, with every problem found (empty when valid). */
    public record CheckedSettings(TrainSettings settings, List<String> problems) {}

    private final Environment environment;
    private final int gpuCount;

    /**
     * @param gpuCount GPUs the engine sees (the device setting is checked against it)
     */
    public ConfigModule(Environment environment, int gpuCount) {
        this.environment = environment;
        this.gpuCount = gpuCount;
    }

    @Override
    protected void configure() {
        binder().requireExplicitBindings();
        binder().disableCircularProxies();
        bind(Environment.class).toInstance(environment);
        bind(Config.class).toInstance(environment.config());
        bind(Registries.class).toInstance(environment.registries());
    }

    @Provides
    @Singleton
    CheckedSettings checkedSettings(Environment env) {
        List<String> problems = new ArrayList<>();
        Config reference = org.jdml.api.config.References.of(env.classLoader());
        TrainSettings settings = TrainSettings.read(env.config(), reference, gpuCount, problems);
        return new CheckedSettings(settings, List.copyOf(problems));
    }
}
