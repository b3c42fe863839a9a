package org.jdml.sampler.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CyclicOrderTest {

    @Test
    void eachCycleIsAPermutationOfTheValues() {
        int[] values = {4, 8, 15, 16, 23, 42};
        CyclicOrder order = new CyclicOrder(values, new Random(1));
        int[] out = new int[6];
        for (int cycle = 0; cycle < 10; cycle++) {
            order.takeDistinct(6, out, 0, new Random(cycle));
            int[] sorted = out.clone();
            Arrays.sort(sorted);
            assertThat(sorted).containsExactly(values);
        }
    }

    @Test
    void takeDistinctAvoidsRepeatsAcrossTheCycleBoundary() {
        CyclicOrder order = new CyclicOrder(new int[] {0, 1, 2, 3, 4}, new Random(2));
        Random random = new Random(3);
        int[] out = new int[4];
        int[] counts = new int[5];
        for (int call = 0; call < 500; call++) {
            order.takeDistinct(4, out, 0, random);
            assertThat(out).doesNotHaveDuplicates();
            for (int v : out) {
                counts[v]++;
            }
        }
        // 2000 draws = 400 cycles of 5: the moves at cycle boundaries keep every cycle complete
        assertThat(counts).containsOnly(400);
    }

    @Test
    void takeEvenlyRepeatsEachValueEqually() {
        CyclicOrder order = new CyclicOrder(new int[] {7, 9, 11}, new Random(4));
        Random random = new Random(5);
        int[] out = new int[7];
        int[] extra = new int[12];
        for (int call = 0; call < 30; call++) {
            order.takeEvenly(7, out, 0, random);
            for (int v : new int[] {7, 9, 11}) {
                long times = Arrays.stream(out).filter(x -> x == v).count();
                assertThat(times).isBetween(2L, 3L);
                extra[v] += (int) times - 2;
            }
        }
        // the one extra turn per call goes round the cycle: 30 calls, 10 extra turns each
        assertThat(extra[7]).isEqualTo(10);
        assertThat(extra[9]).isEqualTo(10);
        assertThat(extra[11]).isEqualTo(10);
    }

    @Test
    void savedStateContinuesTheSameWalk() throws java.io.IOException {
        Random random = new Random(6);
        CyclicOrder order = new CyclicOrder(new int[] {3, 1, 4, 1, 5, 9, 2, 6}, random);
        order.takeDistinct(5, new int[5], 0, random);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        order.save(new java.io.DataOutputStream(bytes));
        long randomState = random.nextLong();
        int[] expected = new int[20];
        order.takeEvenly(20, expected, 0, new Random(randomState));
        CyclicOrder restored = new CyclicOrder(new int[] {1, 1, 2, 3, 4, 5, 6, 9}, new Random(99));
        restored.load(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())), "test");
        int[] actual = new int[20];
        restored.takeEvenly(20, actual, 0, new Random(randomState));
        assertThat(actual).containsExactly(expected);
        CyclicOrder other = new CyclicOrder(new int[] {1, 2, 3, 4, 5, 6, 7, 8}, new Random(1));
        assertThatThrownBy(() -> other.load(new java.io.DataInputStream(
                        new java.io.ByteArrayInputStream(bytes.toByteArray())), "class 2"))
                .hasMessageContaining("class 2").hasMessageContaining("other training data");
    }

    @Test
    void tooManyDistinctValuesIsAnError() {
        CyclicOrder order = new CyclicOrder(new int[] {1, 2}, new Random(0));
        assertThatThrownBy(() -> order.takeDistinct(3, new int[3], 0, new Random(0)))
                .hasMessageContaining("3 distinct values out of 2");
    }
}
