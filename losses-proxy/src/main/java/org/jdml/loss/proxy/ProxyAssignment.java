package org.jdml.loss.proxy;

/** How Proxy-NCA picks a sample's positive proxy (config key {@code assignment}). */
public enum ProxyAssignment {

    /** One proxy per training class; proxy {@code c} stands for class {@code c}. */
    STATIC,

    /**
     * The paper's dynamic assignment: any number of proxies, none tied to a class, and a sample's proxy
     * is its nearest proxy overall. Labels only say which samples are similar: for an anchor and each
     * other sample of its class in the batch, the positive proxy is that sample's nearest proxy.
     */
    NEAREST_OVERALL,

    /**
     * Several proxies per class, dealt round-robin (proxy {@code j} belongs to class {@code j mod C});
     * a sample's positive proxy is the nearest proxy of its own class, re-chosen in every batch. Called
     * {@code dynamic} before; that word is still accepted for it.
     */
    NEAREST_IN_CLASS
}
