package org.jdml.retrieval;

/**
 * The HNSW graph's shape (Malkov and Yashunin 2018, as Lucene builds it).
 *
 * @param maxConnections neighbours per node and layer ({@code M}; layer 0 keeps twice as many)
 * @param beamWidth candidates kept while inserting a node ({@code efConstruction})
 */
public record HnswSettings(int maxConnections, int beamWidth) {

    /** Lucene's defaults. */
    public static final HnswSettings DEFAULT = new HnswSettings(16, 100);

    public HnswSettings {
        if (maxConnections < 2 || maxConnections > 512) {
            throw new IllegalArgumentException("max-connections must be in [2, 512], was " + maxConnections);
        }
        if (beamWidth < 1 || beamWidth > 3200) {
            throw new IllegalArgumentException("beam-width must be in [1, 3200], was " + beamWidth);
        }
    }
}
