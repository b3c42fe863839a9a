package org.jdml.loss.proxy;

/** How Proxy-NCA picks a sample's positive proxy (config key {@code assignment}). */
public enum ProxyAssignment {

    /** One proxy per training class; proxy {@code c} stands for class {@code c}. */
    STATIC,

    /**
     * Several proxies per class, dealt round-robin (proxy {@code j} belongs to class {@code j mod C});
     * a sample's positive proxy is the nearest proxy of its own class, re-chosen in every batch.
     */
    DYNAMIC
}
