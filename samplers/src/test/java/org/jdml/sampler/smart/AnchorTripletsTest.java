package org.jdml.sampler.smart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.jdml.sampler.smart.AnchorTriplets.Source;
import org.jdml.sampler.smart.AnchorTriplets.Triplet;
import org.junit.jupiter.api.Test;

class AnchorTripletsTest {

    // class 0: items 0 (the anchor), 2, 5, 7, 8; class 1: items 1, 3, 4, 6, 9
    private static final int[] LABELS = {0, 1, 0, 1, 1, 0, 1, 0, 0, 1};
    private static final int[][] MEMBERS = {{0, 2, 5, 7, 8}, {1, 3, 4, 6, 9}};

    @Test
    void walksTheListAsAlgorithmOne() {
        // 1: negative before the first positive (skipped); 2: first positive, bound = 2 * 0.2 = 0.4;
        // 3: negative inside the bound (skipped); 4: valid negative; 5: positive after one valid negative;
        // 6: valid negative; 7: positive after two valid negatives
        AnchorTriplets anchor = AnchorTriplets.of(0, new int[] {1, 2, 3, 4, 5, 6, 7},
                new float[] {0.1f, 0.2f, 0.3f, 0.5f, 0.6f, 0.8f, 0.9f}, LABELS, 2.0);
        assertThat(anchor.validNegatives()).containsExactly(4, 6);
        assertThat(anchor.validPositives()).containsExactly(2, 5, 7);
        Random random = new Random(0);
        // the first positive (2) has no valid negative closer than itself, so it is never paired
        assertThat(anchor.next(LABELS, MEMBERS, random)).isEqualTo(new Triplet(0, 5, 4, Source.MINED));
        assertThat(anchor.next(LABELS, MEMBERS, random)).isEqualTo(new Triplet(0, 7, 6, Source.MINED));
        // each negative is used once: then only random triplets
        for (int i = 0; i < 20; i++) {
            Triplet t = anchor.next(LABELS, MEMBERS, random);
            assertThat(t.source()).isEqualTo(Source.RANDOM);
            assertThat(LABELS[t.positive()]).isZero();
            assertThat(t.positive()).isNotZero();
            assertThat(LABELS[t.negative()]).isEqualTo(1);
        }
    }

    @Test
    void negativeWithoutFartherPositiveTakesARandomPositiveFromOutsideTheList() {
        AnchorTriplets anchor = AnchorTriplets.of(0, new int[] {2, 4, 5, 6},
                new float[] {0.2f, 0.5f, 0.6f, 0.8f}, LABELS, 2.0);
        Random random = new Random(1);
        assertThat(anchor.next(LABELS, MEMBERS, random)).isEqualTo(new Triplet(0, 5, 4, Source.MINED));
        Set<Integer> drawn = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            AnchorTriplets again = AnchorTriplets.of(0, new int[] {2, 4, 5, 6}, new float[] {0.2f, 0.5f, 0.6f, 0.8f},
                    LABELS, 2.0);
            again.next(LABELS, MEMBERS, random);
            Triplet t = again.next(LABELS, MEMBERS, random);
            assertThat(t.source()).isEqualTo(Source.RANDOM_POSITIVE);
            assertThat(t.negative()).isEqualTo(6);
            drawn.add(t.positive());
        }
        // class 0 outside the list and not the anchor: 7 and 8 only
        assertThat(drawn).containsExactlyInAnyOrder(7, 8);
    }

    @Test
    void whenTheListHoldsTheWholeClassAnyOtherMemberStandsInForTheOutsidePositive() {
        // every class-0 item (2, 5, 7, 8) is in the list; the bound is 2 x 0.2, so 7 and 8 are skipped; 4 is
        // a valid negative paired with 5; 6 has no valid positive farther than it
        int[] sorted = {2, 7, 8, 4, 5, 6};
        float[] sortedDistances = {0.2f, 0.3f, 0.35f, 0.5f, 0.6f, 0.8f};
        Set<Integer> drawn = new HashSet<>();
        Random random = new Random(4);
        for (int i = 0; i < 40; i++) {
            AnchorTriplets anchor = AnchorTriplets.of(0, sorted, sortedDistances, LABELS, 2.0);
            assertThat(anchor.next(LABELS, MEMBERS, random)).isEqualTo(new Triplet(0, 5, 4, Source.MINED));
            Triplet t = anchor.next(LABELS, MEMBERS, random);
            assertThat(t.source()).isEqualTo(Source.RANDOM_POSITIVE);
            assertThat(t.negative()).isEqualTo(6);
            drawn.add(t.positive());
        }
        assertThat(drawn).containsExactlyInAnyOrder(2, 5, 7, 8);
    }

    @Test
    void noPositiveInTheListMeansNoValidNegative() {
        AnchorTriplets anchor = AnchorTriplets.of(0, new int[] {1, 3}, new float[] {0.1f, 0.3f}, LABELS,
                1.0);
        assertThat(anchor.validNegatives()).isEmpty();
        assertThat(anchor.validPositives()).isEmpty();
        assertThat(anchor.next(LABELS, MEMBERS, new Random(2)).source()).isEqualTo(Source.RANDOM);
    }

    @Test
    void negativesInsideTheBoundAreNeverValid() {
        AnchorTriplets anchor = AnchorTriplets.of(0, new int[] {2, 3, 4}, new float[] {0.2f, 0.3f, 0.4f},
                LABELS, 2.0);
        assertThat(anchor.validNegatives()).isEmpty();
        assertThat(anchor.next(LABELS, MEMBERS, new Random(3)).source()).isEqualTo(Source.RANDOM);
    }

    @Test
    void everyMinedTripletViolatesTheConstraint() {
        Random random = new Random(4);
        int items = 200;
        int dims = 4;
        int[] labels = new int[items];
        float[][] points = new float[items][dims];
        int classes = 10;
        int[][] members = new int[classes][items / classes];
        for (int i = 0; i < items; i++) {
            labels[i] = i % classes;
            members[i % classes][i / classes] = i;
            for (int d = 0; d < dims; d++) {
                points[i][d] = (float) random.nextGaussian() + 0.3f * labels[i] * (d == 0 ? 1 : 0);
            }
        }
        int k = 30;
        int mined = 0;
        for (int a = 0; a < items; a++) {
            final int anchorItem = a;
            Integer[] order = new Integer[items - 1];
            for (int i = 0, j = 0; i < items; i++) {
                if (i != a) {
                    order[j++] = i;
                }
            }
            Arrays.sort(order, (x, y) -> Double.compare(d2(points[anchorItem], points[x]),
                    d2(points[anchorItem], points[y])));
            int[] list = new int[k];
            float[] dist = new float[k];
            for (int r = 0; r < k; r++) {
                list[r] = order[r];
                dist[r] = (float) d2(points[a], points[list[r]]);
            }
            AnchorTriplets triplets = AnchorTriplets.of(a, list, dist, labels, 1.2);
            for (int t = 0; t < 5; t++) {
                Triplet triplet = triplets.next(labels, members, random);
                if (triplet.source() == Source.MINED) {
                    mined++;
                    assertThat(d2(points[a], points[triplet.positive()]))
                            .isGreaterThan(d2(points[a], points[triplet.negative()]));
                    assertThat(d2(points[a], points[triplet.negative()]))
                            .isGreaterThan(1.2 * dist[firstPositive(list, labels, a)]);
                }
            }
        }
        assertThat(mined).isGreaterThan(50);
    }

    private static int firstPositive(int[] list, int[] labels, int anchor) {
        for (int r = 0; r < list.length; r++) {
            if (labels[list[r]] == labels[anchor]) {
                return r;
            }
        }
        throw new AssertionError();
    }

    private static double d2(float[] x, float[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += (x[i] - y[i]) * (double) (x[i] - y[i]);
        }
        return s;
    }
}
