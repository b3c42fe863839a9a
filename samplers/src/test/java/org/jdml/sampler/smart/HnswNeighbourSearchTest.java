package org.jdml.sampler.smart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HnswNeighbourSearchTest {

    @Test
    void pointsOnALineHaveTheirHandWorkedNeighbours() {
        NeighbourLists lists = new HnswNeighbourSearch(4, 16, 8).search(NeighbourFixtures.LINE, 5, 1, 4);
        for (int i = 0; i < 5; i++) {
            assertThat(lists.row(i)).as("point %d", i).containsExactly(NeighbourFixtures.LINE_NEIGHBOURS[i]);
        }
    }

    @Test
    void gridPointsFindTheirGridNeighboursFirst() {
        int side = 12;
        float[] grid = NeighbourFixtures.jitteredGrid(side);
        NeighbourLists lists = new HnswNeighbourSearch(8, 64, 32).search(grid, side * side, 2, 8);
        int[][] expected = NeighbourFixtures.bruteForce(grid, side * side, 2, 8);
        int centre = 5 * side + 6;
        assertThat(java.util.Arrays.copyOf(lists.row(centre), 4))
                .containsExactlyInAnyOrder(centre - 1, centre + 1, centre - side, centre + side);
        for (int i = 0; i < side * side; i++) {
            assertThat(lists.row(i)).as("point %d", i).containsExactly(expected[i]);
        }
    }

    @Test
    void recallOnClusteredUnitVectorsIsHigh() {
        int count = 1500;
        int dim = 16;
        int k = 10;
        float[] vectors = NeighbourFixtures.clusteredUnitVectors(count, dim, 5, 1.0, 2);
        NeighbourLists lists = new HnswNeighbourSearch(16, 100, 64).search(vectors, count, dim, k);
        int[][] expected = NeighbourFixtures.bruteForce(vectors, count, dim, k);
        long hits = 0;
        for (int i = 0; i < count; i++) {
            java.util.Set<Integer> truth = new java.util.HashSet<>();
            for (int j : expected[i]) {
                truth.add(j);
            }
            for (int j : lists.row(i)) {
                assertThat(j).isNotEqualTo(i);
                hits += truth.contains(j) ? 1 : 0;
            }
        }
        assertThat(hits / (double) (count * k)).as("recall@%d", k).isGreaterThan(0.95);
    }

    @Test
    void theSameVectorsGiveTheSameGraphAndLists() {
        float[] vectors = NeighbourFixtures.clusteredUnitVectors(800, 8, 4, 1.0, 3);
        NeighbourLists a = new HnswNeighbourSearch(6, 20, 12).search(vectors, 800, 8, 6);
        NeighbourLists b = new HnswNeighbourSearch(6, 20, 12).search(vectors, 800, 8, 6);
        for (int i = 0; i < 800; i++) {
            assertThat(b.row(i)).containsExactly(a.row(i));
        }
    }
}
