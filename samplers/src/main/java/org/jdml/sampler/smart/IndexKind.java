package org.jdml.sampler.smart;

/** How the nearest neighbours of every training item are found at a refresh. */
public enum IndexKind {
    /** {@link #EXACT} below a size threshold, {@link #HNSW} from it on. */
    AUTO,
    /** Brute force: chunked distance matrices and top-k on the engine. */
    EXACT,
    /** An approximate hierarchical navigable small-world graph (hnswlib-core). */
    HNSW
}
