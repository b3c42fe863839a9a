package org.jdml.api.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TuplesTest {

    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    private NDArray longs(long... values) {
        return manager.create(values);
    }

    private static Set<String> asSet(Tuples.Triplets t) {
        long[] a = t.anchors().toLongArray();
        long[] p = t.positives().toLongArray();
        long[] n = t.negatives().toLongArray();
        Set<String> set = new HashSet<>();
        for (int i = 0; i < a.length; i++) {
            set.add(a[i] + "," + p[i] + "," + n[i]);
        }
        return set;
    }

    @Test
    void allTripletsEnumeratesEveryValidCombination() {
        // labels 0 0 1 1 0: positives of 0 are 1 and 4 (and so on), negatives are 2 and 3
        NDArray labels = longs(0, 0, 1, 1, 0);
        Set<String> expected = new HashSet<>();
        long[] y = {0, 0, 1, 1, 0};
        for (int a = 0; a < 5; a++) {
            for (int p = 0; p < 5; p++) {
                for (int n = 0; n < 5; n++) {
                    if (a != p && y[a] == y[p] && y[n] != y[a]) {
                        expected.add(a + "," + p + "," + n);
                    }
                }
            }
        }
        Tuples.Triplets all = Tuples.all().toTriplets(labels);
        assertThat(asSet(all)).isEqualTo(expected).hasSize(3 * 2 * 2 + 2 * 1 * 3);
        all.checkAgainst(labels);
    }

    @Test
    void pairsCombineIntoTripletsThroughSharedAnchors() {
        NDArray labels = longs(0, 0, 1, 1);
        Tuples.Pairs pairs = new Tuples.Pairs(longs(0, 2), longs(1, 3), longs(0, 0, 3), longs(2, 3, 1));
        assertThat(asSet(pairs.toTriplets(labels))).containsExactlyInAnyOrder("0,1,2", "0,1,3");
    }

    @Test
    void allPairsCountsPositiveAndNegativePairs() {
        Tuples.Pairs pairs = Tuples.allPairs(longs(0, 0, 1));
        assertThat(pairs.positiveAnchors().size()).isEqualTo(2);
        assertThat(pairs.negativeAnchors().size()).isEqualTo(4);
    }

    @Test
    void constructorRejectsPartsOfDifferentLength() {
        assertThatThrownBy(() -> new Tuples.Triplets(longs(0, 1), longs(1, 0), longs(2)))
                .hasMessageContaining("lengths differ (2 vs 1)");
    }

    @Test
    void constructorRejectsNonIntegerIndices() {
        NDArray floats = manager.create(new float[] {0, 1});
        assertThatThrownBy(() -> new Tuples.Triplets(floats, floats, floats))
                .hasMessageContaining("anchors must hold int32 or int64 indices");
    }

    @Test
    void checkAgainstNamesTheFirstBadTuple() {
        NDArray labels = longs(0, 0, 1);
        assertThatThrownBy(() -> new Tuples.Triplets(longs(0, 0), longs(1, 2), longs(2, 1)).checkAgainst(labels))
                .hasMessageContaining("triplet 1 (0, 2) is no positive: labels 0 and 1");
        assertThatThrownBy(() -> new Tuples.Triplets(longs(0), longs(1), longs(1)).checkAgainst(labels))
                .hasMessageContaining("is no negative: both have label 0");
        assertThatThrownBy(() -> new Tuples.Triplets(longs(0), longs(0), longs(2)).checkAgainst(labels))
                .hasMessageContaining("cannot be its own positive");
        assertThatThrownBy(() -> new Tuples.Triplets(longs(0), longs(1), longs(7)).checkAgainst(labels))
                .hasMessageContaining("outside the batch of 3");
    }
}
