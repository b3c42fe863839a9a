package org.jdml.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexBenchmarkTest {

    @TempDir
    Path tmp;

    @Test
    void everyItemACandidateIsExactAndAReusedIndexKeepsItsBuildTime() throws IOException {
        int dim = 16;
        float[] all = IndexBenchmark.clusteredUnitVectors(1500 + 50, dim, 30, 0.5, 1);
        assertThat(Metric.unitNorm(all, dim)).isTrue();
        float[] items = Arrays.copyOf(all, 1500 * dim);
        float[] queries = Arrays.copyOfRange(all, 1500 * dim, all.length);
        Path dir = tmp.resolve("index");
        List<String> log = new ArrayList<>();
        IndexBenchmark.Result first = IndexBenchmark.run("test", items, queries, dim, Metric.DOT_PRODUCT,
                HnswSettings.DEFAULT, 10, new int[] {1500}, 20, dir, true, log::add);
        assertThat(first.items()).isEqualTo(1500);
        assertThat(first.rows()).hasSize(2);
        assertThat(first.rows().get(0).candidates()).isZero();
        assertThat(first.rows().get(0).recall()).isBetween(0.5, 1.0);
        // every item a candidate, ordered by exact distance: brute force's answer
        assertThat(first.rows().get(1).recall()).isEqualTo(1.0);
        assertThat(first.rows().get(1).single().median()).isPositive();
        assertThat(first.rows().get(1).single().p99()).isGreaterThanOrEqualTo(first.rows().get(1).single().median());
        assertThat(first.bytes()).isGreaterThan(1500L * dim * 4);
        assertThat(log).anySatisfy(line -> assertThat(line).startsWith("building the index"));

        List<String> again = new ArrayList<>();
        IndexBenchmark.Result reused = IndexBenchmark.run("test", items, queries, dim, Metric.DOT_PRODUCT,
                HnswSettings.DEFAULT, 10, new int[] {1500}, 20, dir, true, again::add);
        assertThat(again.get(0)).startsWith("reusing the index");
        assertThat(reused.buildSeconds()).isEqualTo(first.buildSeconds());
        assertThat(reused.rows().get(1).recall()).isEqualTo(1.0);
        // other graph settings: not the same index, built again
        List<String> other = new ArrayList<>();
        IndexBenchmark.run("test", items, queries, dim, Metric.DOT_PRODUCT, new HnswSettings(8, 50), 10,
                new int[] {1500}, 20, dir, true, other::add);
        assertThat(other.get(0)).startsWith("building the index");
    }

    @Test
    void latencyIsTheMedianAndTheNearestRankPercentile() {
        double[] millis = new double[200];
        Arrays.setAll(millis, i -> 200 - i);   // 200, 199, ..., 1
        IndexBenchmark.Latency latency = IndexBenchmark.latency(millis);
        assertThat(latency.median()).isEqualTo(100.5);
        assertThat(latency.p99()).isEqualTo(198);   // rank ceil(0.99 * 200) = 198
    }
}
