package org.jdml.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.jdml.api.config.JdmlConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorIndexTest {

    private static final int DIM = 8;
    private static final ModelIdentity MODEL = new ModelIdentity("run-a", "ckpt-00000100.bin", "ab12cd34ef56aa77",
            DIM, true);

    @TempDir
    Path tmp;

    /** Random unit vectors: with floats drawn continuously, two equal distances do not happen. */
    static float[] unitVectors(int n, int dim, long seed) {
        Random random = new Random(seed);
        float[] v = new float[n * dim];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int d = 0; d < dim; d++) {
                v[i * dim + d] = (float) random.nextGaussian();
                norm += v[i * dim + d] * v[i * dim + d];
            }
            for (int d = 0; d < dim; d++) {
                v[i * dim + d] /= (float) Math.sqrt(norm);
            }
        }
        return v;
    }

    private IndexManifest build(Path dir, float[] vectors, int[] labels) throws IOException {
        IndexManifest header = new IndexManifest(IndexManifest.FORMAT, MODEL, "synthetic", "evaluation",
                Metric.DOT_PRODUCT, 0, HnswSettings.DEFAULT, 0);
        return VectorIndex.build(dir, header, vectors, labels, label -> "class-" + label, i -> "item " + i, done -> {});
    }

    @Test
    void roundTripGivesTheExactNeighbours() throws IOException {
        int n = 300;
        float[] vectors = unitVectors(n, DIM, 1);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 7;
        }
        Path dir = tmp.resolve("index");
        IndexManifest written = build(dir, vectors, labels);
        assertThat(written.items()).isEqualTo(n);
        assertThat(Files.list(tmp).map(p -> p.getFileName().toString()).toList()).containsExactly("index");

        float[] queries = unitVectors(20, DIM, 2);
        int[][] exact = ExactSearch.nearest(queries, vectors, DIM, 10, Metric.DOT_PRODUCT);
        try (VectorIndex index = VectorIndex.open(dir)) {
            assertThat(index.manifest()).isEqualTo(written);
            assertThat(index.size()).isEqualTo(n);
            int[][] graphOnly = new int[20][];
            for (int q = 0; q < 20; q++) {
                float[] query = java.util.Arrays.copyOfRange(queries, q * DIM, (q + 1) * DIM);
                List<Hit> hits = index.search(query, 10, 300);   // every item a candidate: exact by construction
                assertThat(hits.stream().mapToInt(Hit::position).toArray()).as("query %d", q).containsExactly(exact[q]);
                Hit first = hits.get(0);
                assertThat(first.label()).isEqualTo(labels[first.position()]);
                assertThat(first.className()).isEqualTo("class-" + labels[first.position()]);
                assertThat(first.source()).isEqualTo("item " + first.position());
                double want = 0;
                for (int d = 0; d < DIM; d++) {
                    double x = query[d] - vectors[first.position() * DIM + d];
                    want += x * x;
                }
                assertThat(first.distance()).isCloseTo((float) Math.sqrt(want), org.assertj.core.data.Offset.offset(1e-5f));
                for (int r = 1; r < hits.size(); r++) {
                    assertThat(hits.get(r).distance()).isGreaterThan(hits.get(r - 1).distance());
                }
                graphOnly[q] = index.search(query, 10, 0).stream().mapToInt(Hit::position).toArray();
            }
            // the graph alone, with a beam of only k, is approximate: most but not all neighbours
            assertThat(ExactSearch.recall(graphOnly, exact, 10)).isBetween(0.7, 1.0);
            assertThat(index.vector(17)).containsExactly(java.util.Arrays.copyOfRange(vectors, 17 * DIM, 18 * DIM));
        }
    }

    @Test
    void rebuildingReplacesTheIndexWhole() throws IOException {
        Path dir = tmp.resolve("index");
        build(dir, unitVectors(50, DIM, 3), new int[50]);
        build(dir, unitVectors(80, DIM, 4), new int[80]);
        try (VectorIndex index = VectorIndex.open(dir)) {
            assertThat(index.size()).isEqualTo(80);
        }
        assertThat(Files.list(tmp).map(p -> p.getFileName().toString()).toList()).containsExactly("index");
    }

    @Test
    void anotherModelIsRefused() throws IOException {
        Path dir = tmp.resolve("index");
        build(dir, unitVectors(50, DIM, 3), new int[50]);
        try (VectorIndex index = VectorIndex.open(dir)) {
            index.requireModel(MODEL);
            ModelIdentity retrained = new ModelIdentity("run-a", "ckpt-00000200.bin", "99", DIM, true);
            assertThatThrownBy(() -> index.requireModel(retrained)).isInstanceOf(JdmlConfigurationException.class)
                    .hasMessageContaining("built by another model")
                    .hasMessageContaining("checkpoint: ckpt-00000100.bin in the index, ckpt-00000200.bin for the query model");
            ModelIdentity other = new ModelIdentity("run-b", "ckpt-00000100.bin", "ab12cd34ef56aa77", 16, false);
            assertThatThrownBy(() -> index.requireModel(other)).hasMessageContaining("run: run-a in the index, run-b")
                    .hasMessageContaining("embedding size: 8 in the index, 16")
                    .hasMessageContaining("normalisation: L2 in the index, none");
            ModelIdentity overwritten = new ModelIdentity("run-a", "ckpt-00000100.bin", "ffff", DIM, true);
            assertThatThrownBy(() -> index.requireModel(overwritten)).hasMessageContaining("checkpoint content");
        }
    }

    @Test
    void halfWrittenIndexIsRefused() throws IOException {
        Path dir = tmp.resolve("index");
        build(dir, unitVectors(50, DIM, 3), new int[50]);
        Files.delete(dir.resolve(IndexManifest.FILE));   // as a crash before the last write leaves it
        assertThatThrownBy(() -> VectorIndex.open(dir)).isInstanceOf(JdmlConfigurationException.class)
                .hasMessageContaining("is incomplete").hasMessageContaining("half-written");
    }

    @Test
    void interruptedBuildIsRefused() throws IOException {
        Path dir = tmp.resolve("index");
        Files.createDirectories(tmp.resolve("index.partial-4242"));
        Files.writeString(tmp.resolve("index.partial-4242").resolve("_0.vec"), "partial");
        assertThatThrownBy(() -> VectorIndex.open(dir)).isInstanceOf(JdmlConfigurationException.class)
                .hasMessageContaining("never completed").hasMessageContaining("index.partial-4242");
        assertThatThrownBy(() -> VectorIndex.open(tmp.resolve("none"))).hasMessageContaining("No index at");
    }

    @Test
    void unnormalisedVectorsNeedTheEuclideanMetric() {
        float[] vectors = unitVectors(10, DIM, 5);
        vectors[0] = 3;
        assertThatThrownBy(() -> build(tmp.resolve("index"), vectors, new int[10]))
                .hasMessageContaining("L2-normalised");
    }
}
