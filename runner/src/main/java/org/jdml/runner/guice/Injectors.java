package org.jdml.runner.guice;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import com.google.inject.spi.Message;

/**
 * Builds the runner's injector (production stage: singletons, among them the components, are built
 * up front) and turns Guice's wrapped failures back into the exceptions that caused them, so that a
 * configuration problem prints as one and not as a Guice trace.
 */
public final class Injectors {

    private Injectors() {}

    public static Injector create(Module... modules) {
        try {
            return Guice.createInjector(Stage.PRODUCTION, modules);
        } catch (CreationException e) {
            throw unwrap(e, e.getErrorMessages());
        } catch (ProvisionException e) {
            throw unwrap(e, e.getErrorMessages());
        }
    }

    /** {@code injector.getInstance(type)}, unwrapping failures the same way. */
    public static <T> T get(Injector injector, Class<T> type) {
        try {
            return injector.getInstance(type);
        } catch (ProvisionException e) {
            throw unwrap(e, e.getErrorMessages());
        }
    }

    private static RuntimeException unwrap(RuntimeException e, java.util.Collection<Message> messages) {
        for (Message m : messages) {
            Throwable cause = m.getCause();
            while (cause instanceof ProvisionException || cause instanceof CreationException) {
                cause = cause.getCause();
            }
            if (cause instanceof RuntimeException runtime) {
                return runtime;
            }
        }
        return e;
    }
}
