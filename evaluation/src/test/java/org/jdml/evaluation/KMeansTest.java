package org.jdml.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KMeansTest {

    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** Points of four tight blobs far apart; {@code blobOfPoint[i]} says which blob point i is drawn from. */
    private static float[][] blobs(int[] blobOfPoint, long seed) {
        Random random = new Random(seed);
        float[][] centres = {{0, 0, 0}, {50, 0, 0}, {0, 50, 0}, {0, 0, 50}};
        float[][] x = new float[blobOfPoint.length][3];
        for (int i = 0; i < x.length; i++) {
            for (int d = 0; d < 3; d++) {
                x[i][d] = centres[blobOfPoint[i]][d] + (float) random.nextGaussian();
            }
        }
        return x;
    }

    @Test
    void separatesWellSeparatedBlobsAndIsSeeded() {
        Random random = new Random(5);
        int[] blob = new int[120];
        for (int i = 0; i < blob.length; i++) {
            blob[i] = random.nextInt(4);
        }
        NDArray x = manager.create(blobs(blob, 6));
        int[] clusters = new KMeans(30, 1, 0).cluster(x, 4);
        // the same partition as the blobs (cluster numbers may differ): NMI 1
        assertThat(Nmi.of(clusters, blob)).isEqualTo(1.0);
        assertThat(new KMeans(30, 1, 0).cluster(x, 4)).isEqualTo(clusters);
        assertThat(new KMeans(30, 3, 0).cluster(x, 4)).satisfies(c -> assertThat(Nmi.of(c, blob)).isEqualTo(1.0));
    }

    @Test
    void kEqualToTheNumberOfPointsGivesEachItsOwnCluster() {
        NDArray x = manager.create(new float[][] {{0, 0}, {1, 0}, {0, 1}, {5, 5}});
        int[] clusters = new KMeans(10, 1, 3).cluster(x, 4);
        assertThat(clusters).doesNotHaveDuplicates();
    }

    @Test
    void duplicatePointsDoNotBreakTheInitialisation() {
        // only two distinct points but k = 3: k-means++ runs out of distance and falls back to uniform draws
        NDArray x = manager.create(new float[][] {{1, 1}, {1, 1}, {1, 1}, {4, 4}, {4, 4}});
        int[] clusters = new KMeans(10, 1, 0).cluster(x, 3);
        assertThat(clusters[0]).isEqualTo(clusters[1]).isEqualTo(clusters[2]);
        assertThat(clusters[3]).isEqualTo(clusters[4]).isNotEqualTo(clusters[0]);
    }
}
