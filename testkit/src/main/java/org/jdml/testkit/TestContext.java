package org.jdml.testkit;

import ai.djl.ndarray.NDManager;
import com.typesafe.config.Config;
import org.jdml.api.ComponentContext;
import org.jdml.api.ComponentFactory;
import org.jdml.api.ComponentHost;
import org.jdml.api.ComponentKind;
import org.jdml.api.HostContext;
import org.jdml.api.config.ComponentSettings;

/**
 * Contexts and components for tests: api's {@link HostContext} with the facts most tests want
 * (embedding size 8, 4 training classes, batches of 16, seed 0), and components built from the
 * classpath's defaults the way a host builds them.
 */
public final class TestContext {

    private static final ComponentHost CLASSPATH = ComponentHost.of(TestContext.class.getClassLoader());

    private TestContext() {}

    /** A context builder preset for tests; set what a test needs on top. */
    public static HostContext.Builder builder(NDManager manager) {
        return HostContext.builder(manager).embeddingSize(8).trainingClasses(4).batchSize(16);
    }

    /** Builds a component from {@code root} over the classpath's defaults; throws its problems. */
    public static <P> P build(ComponentFactory<P> factory, ComponentKind<?> kind, Config root, ComponentContext context) {
        ComponentSettings settings = settings(kind, factory.name(), root);
        settings.throwIfInvalid();
        P product = factory.create(settings, context);
        settings.throwIfInvalid();
        return product;
    }

    /** The settings a run with {@code root} would give the named component. */
    public static ComponentSettings settings(ComponentKind<?> kind, String name, Config root) {
        return CLASSPATH.settings(kind, name, root);
    }
}
