package org.jdml.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NmiTest {

    @Test
    void handMadeContingencyTable() {
        // clusters x classes, n = 4: [[2, 1], [0, 1]]; row sums 3, 1; column sums 2, 2
        long[][] table = {{2, 1}, {0, 1}};
        double hClusters = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
        double hClasses = Math.log(2);
        double mutual = 2 / 4.0 * Math.log(4.0 * 2 / (3 * 2))    // cell (0, 0)
                + 1 / 4.0 * Math.log(4.0 * 1 / (3 * 2))          // cell (0, 1)
                + 1 / 4.0 * Math.log(4.0 * 1 / (1 * 2));         // cell (1, 1)
        double expected = mutual / ((hClusters + hClasses) / 2);
        assertThat(expected).isCloseTo(0.343711, within(1e-6));
        assertThat(Nmi.ofContingency(table)).isCloseTo(expected, within(1e-12));
        // the same table from label arrays
        assertThat(Nmi.of(new int[] {0, 0, 0, 1}, new int[] {7, 7, 9, 9})).isCloseTo(expected, within(1e-12));
    }

    @Test
    void isOneForTheSamePartitionWhateverTheNamesAndZeroForIndependentOnes() {
        assertThat(Nmi.of(new int[] {0, 0, 1, 1, 2, 2}, new int[] {5, 5, 3, 3, 9, 9})).isCloseTo(1.0, within(1e-12));
        // every cluster holds each class equally often: I = 0
        assertThat(Nmi.of(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1})).isCloseTo(0.0, within(1e-12));
        assertThat(Nmi.ofContingency(new long[][] {{1, 1}, {1, 1}})).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void isSymmetricAndArithmeticallyNormalised() {
        int[] a = {0, 0, 0, 1, 1, 2, 2, 2, 2};
        int[] b = {1, 1, 0, 0, 0, 2, 2, 1, 2};
        assertThat(Nmi.of(a, b)).isCloseTo(Nmi.of(b, a), within(1e-12));
        // one cluster against two classes: I = 0, H(clusters) = 0, so NMI = 0 (not 1)
        assertThat(Nmi.of(new int[] {4, 4, 4, 4}, new int[] {0, 1, 0, 1})).isZero();
        // one group on both sides: identical partitions
        assertThat(Nmi.of(new int[] {4, 4}, new int[] {1, 1})).isEqualTo(1.0);
    }
}
