package org.jdml.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.jdml.api.data.DataSplit;
import org.jdml.api.data.DatasetFactory;
import org.jdml.api.data.MetricDataset;
import org.junit.jupiter.api.Test;

class SyntheticFactoryTest extends DatasetContract {

    @Override
    protected DatasetFactory factory() {
        return new SyntheticFactory();
    }

    @Override
    protected Map<String, Object> badValues() {
        return Map.of("dim", 0, "items-per-class", -1, "cluster-spread", -0.1, "centre-spread", 0,
                "train-classes", 0, "eval-classes", 0, "clusters-per-class", 0);
    }

    @Test
    void sizesLabelsAndShapeFollowTheSettings() {
        MetricDataset dataset = create(Map.of("train-classes", 3, "eval-classes", 2, "items-per-class", 5, "dim", 7));
        assertThat(dataset.training().size()).isEqualTo(15);
        assertThat(dataset.evaluation().size()).isEqualTo(10);
        assertThat(dataset.training().itemShape().getShape()).containsExactly(7);
        assertThat(dataset.training().labels()).containsExactly(0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2);
        assertThat(dataset.evaluation().labels()).containsExactly(3, 3, 3, 3, 3, 4, 4, 4, 4, 4);
        assertThat(dataset.gallery()).isEmpty();
    }

    @Test
    void theSameSeedGivesTheSameDataAndAnotherSeedOtherData() {
        DataSplit a = create(Map.of("seed", 5)).evaluation();
        DataSplit b = create(Map.of("seed", 5)).evaluation();
        DataSplit c = create(Map.of("seed", 6)).evaluation();
        int[] all = IntStream.range(0, a.size()).toArray();
        assertThat(a.read(all, true, new Random(1))).containsExactly(b.read(all, false, new Random(2)));
        assertThat(a.read(all, false, new Random(1))).isNotEqualTo(c.read(all, false, new Random(1)));
    }

    @Test
    void eachClassIsMadeOfSeparateTightClusters() {
        int items = 12;
        int clusters = 3;
        int dim = 10;
        MetricDataset dataset = create(Map.of("train-classes", 2, "eval-classes", 1, "items-per-class", items,
                "clusters-per-class", clusters, "dim", dim, "cluster-spread", 0.01, "centre-spread", 1.0));
        DataSplit train = dataset.training();
        float[] x = train.read(IntStream.range(0, train.size()).toArray(), false, new Random(0));
        double maxWithin = 0;
        double minBetween = Double.MAX_VALUE;
        for (int i = 0; i < train.size(); i++) {
            for (int j = i + 1; j < train.size(); j++) {
                double d = 0;
                for (int k = 0; k < dim; k++) {
                    double diff = x[i * dim + k] - x[j * dim + k];
                    d += diff * diff;
                }
                d = Math.sqrt(d);
                boolean sameCluster = i / items == j / items && (i % items) % clusters == (j % items) % clusters;
                if (sameCluster) {
                    maxWithin = Math.max(maxWithin, d);
                } else {
                    minBetween = Math.min(minBetween, d);
                }
            }
        }
        // spread 0.01 in 10 dimensions: items of a cluster lie within ~0.1 of each other;
        // centres with spread 1 lie ~4.5 apart
        assertThat(maxWithin).isLessThan(0.2);
        assertThat(minBetween).isGreaterThan(10 * maxWithin);
    }
}
