package org.jdml.testkit;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh NDManager for every test, closed after it, so that no test sees another's arrays:
 * {@code @RegisterExtension final TestManager arrays = new TestManager();} then {@code arrays.manager()}.
 */
public final class TestManager implements BeforeEachCallback, AfterEachCallback {

    private NDManager manager;

    @Override
    public void beforeEach(ExtensionContext context) {
        manager = NDManager.newBaseManager();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        manager.close();
        manager = null;
    }

    /** The current test's manager. */
    public NDManager manager() {
        if (manager == null) {
            throw new IllegalStateException("TestManager is only open during a test");
        }
        return manager;
    }
}
