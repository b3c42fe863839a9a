package org.jdml.sampler.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExactNeighbourSearchTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void pointsOnALineHaveTheirHandWorkedNeighbours() {
        for (int chunk : new int[] {1, 2, 5, 100}) { // blocks that split the rows in every way
            NeighbourLists lists = new ExactNeighbourSearch(manager, chunk).search(NeighbourFixtures.LINE, 5, 1, 4);
            for (int i = 0; i < 5; i++) {
                assertThat(lists.row(i)).as("point %d, chunk %d", i, chunk)
                        .containsExactly(NeighbourFixtures.LINE_NEIGHBOURS[i]);
            }
        }
    }

    @Test
    void fewerNeighboursAreThePrefix() {
        NeighbourLists lists = new ExactNeighbourSearch(manager, 3).search(NeighbourFixtures.LINE, 5, 1, 2);
        assertThat(lists.k()).isEqualTo(2);
        assertThat(lists.row(3)).containsExactly(2, 1);
        assertThat(lists.row(4)).containsExactly(3, 2);
    }

    @Test
    void gridPointsFindTheirGridNeighboursFirst() {
        int side = 7;
        float[] grid = NeighbourFixtures.jitteredGrid(side);
        NeighbourLists lists = new ExactNeighbourSearch(manager, 16).search(grid, side * side, 2, 8);
        int centre = 3 * side + 3;
        assertThat(java.util.Arrays.copyOf(lists.row(centre), 4))
                .containsExactlyInAnyOrder(centre - 1, centre + 1, centre - side, centre + side);
        assertThat(java.util.Arrays.copyOfRange(lists.row(centre), 4, 8))
                .containsExactlyInAnyOrder(centre - side - 1, centre - side + 1, centre + side - 1, centre + side + 1);
        int[][] expected = NeighbourFixtures.bruteForce(grid, side * side, 2, 8);
        for (int i = 0; i < side * side; i++) {
            assertThat(lists.row(i)).as("point %d", i).containsExactly(expected[i]);
        }
    }

    @Test
    void duplicatePointsNeverListThemselves() {
        float[] points = {0, 0, 0, 5};
        NeighbourLists lists = new ExactNeighbourSearch(manager, 4).search(points, 4, 1, 2);
        for (int i = 0; i < 3; i++) {
            assertThat(lists.row(i)).as("row %d", i).doesNotContain(i).containsAnyOf(0, 1, 2).doesNotContain(3);
        }
        assertThat(lists.row(3)).doesNotContain(3).hasSize(2);
    }

    @Test
    void tooManyNeighboursAreRejected() {
        assertThatThrownBy(() -> new ExactNeighbourSearch(manager, 4).search(NeighbourFixtures.LINE, 5, 1, 5))
                .hasMessageContaining("5 neighbours among 5");
    }
}
