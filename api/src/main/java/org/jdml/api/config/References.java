package org.jdml.api.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.jdml.api.Experimental;

/** The documented settings: the {@code reference.conf} of every jar a class loader sees. */
@Experimental("a helper of hosts; may move to a support module")
public final class References {

    private References() {}

    /**
     * Every jar's {@code reference.conf}, merged and resolved, without the JVM's system properties.
     * Typesafe Config's own {@code defaultReference} lays {@code -D} properties over the files, which
     * would make a misspelt {@code -Djdml...} key look documented; jdml treats system properties as
     * user input, checked like {@code --set}.
     */
    public static Config of(ClassLoader classLoader) {
        return ConfigFactory.defaultReferenceUnresolved(classLoader).resolve();
    }
}
